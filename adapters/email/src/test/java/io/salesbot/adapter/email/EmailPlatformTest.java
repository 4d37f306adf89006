package io.salesbot.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.SendOutcome;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cards and texts as mail, at a real SMTP server (GreenMail) in this JVM. */
class EmailPlatformTest {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                  .withUser("bot@example.cn", "bot", "secret"));

  private static final Address BOSS = Address.parse("email:zhaoliu@example.cn");
  private static final Address REP = Address.parse("email:zhangsan@example.cn");

  private EmailPlatform platform(String user, String password) {
    return new EmailPlatform(
        new EmailSettings(
            "127.0.0.1",
            SMTP.getSmtp().getPort(),
            EmailSettings.Security.NONE,
            user,
            password,
            "bot@example.cn",
            "销售助手",
            Duration.ofSeconds(5),
            "https://crm.example.cn/leads"));
  }

  private static Card card() {
    return new Card(
        "c1",
        1,
        CardType.SLA_ESCALATION,
        "无人领取超时：王先生 <VIP>",
        List.of(
            new CardElement.Text("线索到达 15 分钟仍无人领取"),
            new CardElement.Field("电话", "139****5678"),
            new CardElement.Field("公司", "星河 & 制造"),
            new CardElement.Note("来源 web")),
        List.of(new CardButton("response-extend", "延长 15 分钟", "x", CardButton.Style.DEFAULT)));
  }

  @Test
  void mails_a_card_to_each_recipient_as_text_and_html_without_buttons() throws Exception {
    SendOutcome outcome =
        platform("bot", "secret").sendCard("cmd-1", card(), List.of(BOSS, REP)).block();

    assertThat(outcome).isInstanceOf(SendOutcome.Delivered.class);
    assertThat(outcome.delivered()).extracting(d -> d.recipient()).containsExactly(BOSS, REP);
    assertThat(SMTP.waitForIncomingEmail(5_000, 2)).isTrue();
    MimeMessage[] mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(2);
    MimeMessage mail = mails[0];
    assertThat(mail.getSubject()).isEqualTo("无人领取超时：王先生 <VIP>");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("zhaoliu@example.cn");
    assertThat(mail.getFrom()[0].toString()).contains("bot@example.cn");
    assertThat(mail.getHeader("X-Salesbot-Command")[0]).isEqualTo("cmd-1");
    Multipart parts = (Multipart) mail.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    String text = (String) parts.getBodyPart(0).getContent();
    String html = (String) parts.getBodyPart(1).getContent();
    assertThat(text)
        .contains("线索到达 15 分钟仍无人领取", "电话：139****5678", "公司：星河 & 制造", "来源 web")
        .contains("请在企业微信或钉钉中处理", "https://crm.example.cn/leads")
        .doesNotContain("延长 15 分钟");
    assertThat(html)
        .contains("&lt;VIP&gt;", "星河 &amp; 制造", "<a href=\"https://crm.example.cn/leads\">")
        .doesNotContain("延长");
  }

  @Test
  void mails_a_text_with_its_first_line_as_subject() throws Exception {
    platform("bot", "secret").sendText("cmd-2", "提醒：线索「王先生」\n请尽快联系", List.of(REP)).block();

    assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage mail = SMTP.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("提醒：线索「王先生」");
    assertThat(GreenMailUtil.getBody(mail)).isNotBlank();
  }

  @Test
  void an_update_is_not_mailed_again() {
    SendOutcome outcome =
        platform("bot", "secret").updateCard("cmd-3", card(), List.of(REP)).block();
    assertThat(outcome.delivered()).isEmpty();
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void a_refused_login_is_not_retried() {
    assertThatThrownBy(
            () -> platform("bot", "wrong").sendCard("cmd-4", card(), List.of(REP)).block())
        .isInstanceOfSatisfying(
            ChatDeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("email error");
            });
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void an_unreachable_server_is_retryable() {
    EmailPlatform down =
        new EmailPlatform(
            new EmailSettings(
                "127.0.0.1",
                1,
                EmailSettings.Security.NONE,
                null,
                null,
                "bot@example.cn",
                "销售助手",
                Duration.ofSeconds(2),
                null));
    assertThatThrownBy(() -> down.sendCard("cmd-5", card(), List.of(REP)).block())
        .isInstanceOfSatisfying(
            ChatDeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void a_sender_that_is_no_address_is_refused_at_start() {
    assertThatThrownBy(
            () ->
                new EmailPlatform(
                    new EmailSettings(
                        "127.0.0.1",
                        25,
                        EmailSettings.Security.NONE,
                        null,
                        null,
                        "not an address",
                        "销售助手",
                        Duration.ofSeconds(2),
                        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'not an address' is not an e-mail address");
  }
}
