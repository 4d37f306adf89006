package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.email.EmailSettings;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.domain.Identities;
import io.salesbot.server.platforms.EmailProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every channel a person uses, as configured: further addresses of reps and managers ({@code
 * salesbot.teams.<id>.members[n].addresses}, {@code manager-addresses}) and e-mail ({@code
 * salesbot.email.*}), each mistake failing start-up with its property named.
 */
class PersonAddressesConfigTest {
  private static Map<String, String> team() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("teams.east.name", "华东");
    p.put("teams.east.manager", "wecom:Boss");
    p.put("teams.east.members[0].id", "wecom:ZhangSan");
    p.put("teams.east.members[0].name", "张三");
    p.put("teams.east.members[1].id", "wecom:LiSi");
    p.put("teams.east.members[1].name", "李四");
    return p;
  }

  private static Identities identities(Map<String, String> values) {
    return TeamsFactory.identities(
        BoundProperties.bind("salesbot", SalesbotProperties.class, values));
  }

  private static EmailProperties email(Map<String, String> values) {
    return BoundProperties.bind("salesbot.email", EmailProperties.class, values);
  }

  @Test
  void reads_the_further_addresses_of_reps_and_managers() {
    Map<String, String> p = team();
    p.put("teams.east.members[0].addresses[0]", "dingtalk:0123456789");
    p.put("teams.east.members[0].addresses[1]", " email:zhangsan@example.cn ");
    p.put("teams.east.members[0].addresses[2]", "sms:+8613912345678");
    p.put("teams.east.manager-addresses[0]", "email:boss@example.cn");

    Identities ids = identities(p);

    assertThat(ids.addresses(Address.parse("dingtalk:0123456789")))
        .containsExactly(
            Address.parse("wecom:ZhangSan"),
            Address.parse("dingtalk:0123456789"),
            Address.parse("email:zhangsan@example.cn"),
            Address.parse("sms:+8613912345678"));
    assertThat(ids.primary(Address.parse("email:boss@example.cn")))
        .isEqualTo(Address.parse("wecom:Boss"));
    assertThat(identities(team()).extras()).isEmpty();
  }

  @Test
  void names_the_property_of_an_unknown_kind_or_a_malformed_address() {
    Map<String, String> kind = team();
    kind.put("teams.east.members[0].addresses[0]", "fax:12345");
    assertThatThrownBy(() -> identities(kind))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("salesbot.teams.east.members[0].addresses[0]:")
        .hasMessageContaining("'fax' is not a kind of address");

    Map<String, String> mail = team();
    mail.put("teams.east.manager-addresses[0]", "email:boss.example.cn");
    assertThatThrownBy(() -> identities(mail))
        .hasMessageStartingWith("salesbot.teams.east.manager-addresses[0]:")
        .hasMessageContaining("is not an e-mail address");

    Map<String, String> phone = team();
    phone.put("teams.east.members[1].addresses[0]", "sms:13912345678");
    assertThatThrownBy(() -> identities(phone))
        .hasMessageStartingWith("salesbot.teams.east.members[1].addresses[0]:")
        .hasMessageContaining("sms:+8613912345678");
  }

  @Test
  void one_address_belongs_to_one_person() {
    Map<String, String> twice = team();
    twice.put("teams.east.members[0].addresses[0]", "email:team@example.cn");
    twice.put("teams.east.members[1].addresses[0]", "email:team@example.cn");
    assertThatThrownBy(() -> identities(twice))
        .hasMessageStartingWith("salesbot.teams.east.members[1].addresses[0]:")
        .hasMessageContaining("also given at salesbot.teams.east.members[0].addresses[0]");

    Map<String, String> other = team();
    other.put("teams.east.members[0].addresses[0]", "wecom:LiSi");
    assertThatThrownBy(() -> identities(other))
        .hasMessageStartingWith("salesbot.teams.east.members[0].addresses[0]:")
        .hasMessageContaining("already a person of its own (salesbot.teams.east.members[1].id)");

    Map<String, String> noManager = team();
    noManager.remove("teams.east.manager");
    noManager.put("teams.east.directory", "wecom:2");
    noManager.put("teams.east.manager-addresses[0]", "email:boss@example.cn");
    assertThatThrownBy(() -> identities(noManager))
        .hasMessageStartingWith("salesbot.teams.east.manager-addresses:")
        .hasMessageContaining("needs salesbot.teams.east.manager");
  }

  @Test
  void email_settings_are_checked_naming_the_property() {
    Map<String, String> ok = new LinkedHashMap<>();
    ok.put("host", "smtp.example.cn");
    ok.put("port", "465");
    ok.put("security", "SSL");
    ok.put("from", "salesbot@example.cn");
    ok.put("username", "salesbot@example.cn");
    ok.put("password", "auth-code");
    EmailSettings s = email(ok).toSettings();
    assertThat(s.security()).isEqualTo(EmailSettings.Security.SSL);
    assertThat(s.fromName()).isEqualTo("销售助手");
    assertThat(email(ok).unacknowledgedAfter()).hasMinutes(10);
    assertThat(email(ok).toString()).doesNotContain("auth-code");
    assertThat(email(Map.of()).enabled()).isFalse();

    assertThatThrownBy(() -> email(with(ok, "from", null)).toSettings())
        .hasMessageStartingWith("salesbot.email.from:");
    assertThatThrownBy(() -> email(with(ok, "from", "salesbot")).toSettings())
        .hasMessageStartingWith("salesbot.email.from:")
        .hasMessageContaining("not an e-mail address");
    assertThatThrownBy(() -> email(with(ok, "security", "tls13")).toSettings())
        .hasMessageStartingWith("salesbot.email.security:")
        .hasMessageContaining("none, starttls or ssl");
    assertThatThrownBy(() -> email(with(ok, "password", null)).toSettings())
        .hasMessageStartingWith("salesbot.email.password:");
    assertThatThrownBy(() -> email(with(ok, "port", "70000")).toSettings())
        .hasMessageStartingWith("salesbot.email.port:");
    assertThatThrownBy(() -> email(with(ok, "link", "crm.example.cn")).toSettings())
        .hasMessageStartingWith("salesbot.email.link:");
    assertThatThrownBy(() -> email(with(ok, "unacknowledged-after", "-1m")).toSettings())
        .hasMessageStartingWith("salesbot.email.unacknowledged-after:");
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(base);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return copy;
  }
}
