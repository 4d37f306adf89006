package io.salesbot.core.team;

import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.domain.Identities;
import io.salesbot.core.testing.TestTeams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A person's further addresses: parsing, conflicts, and the directory answering for each. */
class IdentitiesTest {
  private static final Address DING = Address.parse("dingtalk:0123456789");
  private static final Address MAIL = Address.parse("email:zhangsan@example.cn");

  @Test
  void any_address_of_a_person_is_that_person_in_the_directory() {
    Identities ids = new Identities(Map.of(ZHANGSAN, List.of(DING, MAIL)));
    TeamDirectory directory = TeamDirectory.withIdentities(TestTeams.directory(), ids);

    assertThat(directory.primary(DING)).isEqualTo(ZHANGSAN);
    assertThat(directory.primary(ZHANGSAN)).isEqualTo(ZHANGSAN);
    assertThat(directory.primary(EAST_MANAGER)).isEqualTo(EAST_MANAGER);
    assertThat(directory.addresses(MAIL)).containsExactly(ZHANGSAN, DING, MAIL);
    assertThat(directory.addresses(EAST_MANAGER)).containsExactly(EAST_MANAGER);
    assertThat(directory.teamOf(DING)).map(t -> t.id()).contains("east");
    assertThat(directory.displayName(DING)).isEqualTo("张三");
  }

  @Test
  void without_further_addresses_the_directory_is_unchanged() {
    TeamDirectory plain = TestTeams.directory();
    assertThat(TeamDirectory.withIdentities(plain, Identities.NONE)).isSameAs(plain);
    assertThat(plain.primary(DING)).isEqualTo(DING);
  }

  @Test
  void an_address_belongs_to_one_person_only() {
    assertThatThrownBy(
            () -> new Identities(Map.of(ZHANGSAN, List.of(DING), EAST_MANAGER, List.of(DING))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dingtalk:0123456789 is an address of two people");
    assertThatThrownBy(
            () ->
                new Identities(
                    Map.of(ZHANGSAN, List.of(EAST_MANAGER), EAST_MANAGER, List.of(MAIL))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("also a person of its own");
  }

  @Test
  void parses_the_kinds_a_person_may_have_and_says_what_is_wrong() {
    assertThat(Identities.parse("email:li.si+sales@example.com.cn").userId())
        .isEqualTo("li.si+sales@example.com.cn");
    assertThat(Identities.parse("sms:+8613912345678").platform()).isEqualTo("sms");
    assertThat(Identities.parse("sms:+4915112345678").userId()).isEqualTo("+4915112345678");
    assertThat(Identities.parse("dingtalk:0123456789")).isEqualTo(DING);

    assertThatThrownBy(() -> Identities.parse("fax:12345"))
        .hasMessageContaining("'fax' is not a kind of address")
        .hasMessageContaining("[dingtalk, email, sandbox, sms, wecom]");
    assertThatThrownBy(() -> Identities.parse("email:zhangsan"))
        .hasMessageContaining("'zhangsan' is not an e-mail address");
    assertThatThrownBy(() -> Identities.parse("email:张三 <zs@example.cn>"))
        .hasMessageContaining("not an e-mail address");
    assertThatThrownBy(() -> Identities.parse("sms:13912345678"))
        .hasMessageContaining("not a mobile number with its country code");
    assertThatThrownBy(() -> Identities.parse("sms:+86123456"))
        .hasMessageContaining("sms:+8613912345678");
    assertThatThrownBy(() -> Identities.parse("wecom:group:abc"))
        .hasMessageContaining("is a group chat");
    assertThatThrownBy(() -> Identities.parse("zhangsan"))
        .hasMessageContaining("<platform>:<userId>");
  }
}
