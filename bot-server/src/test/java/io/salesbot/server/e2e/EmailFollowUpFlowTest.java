package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Every channel a person uses, over HTTP through the sandbox with a real SMTP server (GreenMail):
 * team mail (region 邮件区) has a response SLA of 4 s with the reminder 2 s before, its reps and
 * manager have e-mail addresses, and a reminder or escalation nobody acts on within 8 s is also
 * mailed.
 */
@TestPropertySource(
    properties = {
      "salesbot.teams.mail.name=邮件组",
      "salesbot.teams.mail.regions[0]=邮件区",
      "salesbot.teams.mail.manager=sandbox:mailboss",
      "salesbot.teams.mail.manager-name=邮件主管",
      "salesbot.teams.mail.manager-addresses[0]=email:boss@example.cn",
      "salesbot.teams.mail.members[0].id=sandbox:mail1",
      "salesbot.teams.mail.members[0].name=邮件一",
      "salesbot.teams.mail.members[0].addresses[0]=email:mail1@example.cn",
      "salesbot.teams.mail.members[0].addresses[1]=sms:+8613800000001",
      "salesbot.routing.teams.mail.response-sla=4s",
      "salesbot.routing.teams.mail.response-reminder-before=2s",
      "salesbot.email.host=127.0.0.1",
      "salesbot.email.from=salesbot@example.cn",
      "salesbot.email.username=salesbot@example.cn",
      "salesbot.email.password=smtp-secret",
      "salesbot.email.link=https://crm.example.cn/leads",
      "salesbot.email.unacknowledged-after=8s"
    })
class EmailFollowUpFlowTest extends EndToEndSupport {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig()
                  .withUser("salesbot@example.cn", "salesbot@example.cn", "smtp-secret"))
          .withPerMethodLifecycle(false);

  @DynamicPropertySource
  static void smtpPort(DynamicPropertyRegistry registry) {
    registry.add("salesbot.email.port", () -> SMTP.getSmtp().getPort());
  }

  private String pooled(String name, String phone) {
    String intakeId =
        submit(
            "{\"name\":\""
                + name
                + "\",\"phone\":\""
                + phone
                + "\",\"company\":\"星河制造\",\"region\":\"邮件区\"}");
    return (String)
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")))
            .get("id");
  }

  private static List<MimeMessage> mailsFor(String leadId) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(
            m -> {
              try {
                String[] command = m.getHeader("X-Salesbot-Command");
                return command != null && command[0].contains(leadId);
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> history(String leadId) {
    return ((List<Map<String, Object>>) lead(leadId).get("history"))
        .stream().map(h -> (String) h.get("action")).toList();
  }

  @Test
  void a_lead_nobody_acts_on_is_mailed_to_the_rep_and_then_the_manager() throws Exception {
    String phone = randomPhone();
    String leadId = pooled("邮件客户", phone);
    awaitItem(
        "mailboss",
        i -> String.valueOf(i.get("cardId")).startsWith("response-escalation-" + leadId));

    MimeMessage toBoss =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    mailsFor(leadId).stream()
                        .filter(m -> recipient(m).equals("boss@example.cn"))
                        .findFirst()
                        .orElse(null),
                m -> m != null);
    assertThat(toBoss.getSubject()).isEqualTo("【请处理】线索「邮件客户」无人领取已超时，请指派");
    String text = (String) ((Multipart) toBoss.getContent()).getBodyPart(0).getContent();
    assertThat(text)
        .contains("邮件客户", "星河制造", "邮件区", "邮件组", "请在企业微信或钉钉中打开线索卡片处理")
        .contains(phone.substring(0, 3) + "****" + phone.substring(7))
        .contains("https://crm.example.cn/leads")
        .doesNotContain(phone);
    // The rep's reminder went unanswered too: mailed to their e-mail address.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> mailsFor(leadId).stream().map(EmailFollowUpFlowTest::recipient).toList(),
            to -> to.contains("mail1@example.cn"));
    assertThat(history(leadId))
        .contains("response_reminded", "response_breached", "unacknowledged_emailed");
  }

  @Test
  void a_lead_claimed_after_the_reminder_is_not_mailed() {
    String leadId = pooled("及时客户", randomPhone());
    // The reminder went out and armed its follow-up...
    awaitItem("mail1", card("response-remind-" + leadId, "LEAD_OFFER"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                    "SELECT count(*) FROM timers WHERE id LIKE 'unacknowledged-response-remind-"
                        + leadId
                        + "-%'"),
            n -> n == 1);
    // ...and the rep claims in time.
    act("mail1", "response-remind-" + leadId, "claim", leadId);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> lead(leadId), l -> "CLAIMED".equals(l.get("status")));

    // The follow-up fires (its timer is done) and finds the lead claimed: no mail.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                    "SELECT count(*) FROM timers WHERE id LIKE 'unacknowledged-response-remind-"
                        + leadId
                        + "-%'"),
            n -> n == 0);
    // (Under load the claim may come after the breach: the escalation's follow-up is silenced too.)
    assertThat(history(leadId)).doesNotContain("unacknowledged_emailed");
    assertThat(mailsFor(leadId)).isEmpty();
  }

  private static String recipient(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
