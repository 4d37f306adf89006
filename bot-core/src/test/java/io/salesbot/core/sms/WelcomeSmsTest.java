package io.salesbot.core.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.sms.domain.SmsMessage;
import io.salesbot.core.sms.domain.SmsResult;
import io.salesbot.core.sms.domain.SmsSettings;
import io.salesbot.core.sms.domain.SmsTemplate;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class WelcomeSmsTest {
  private static final String PHONE = "13800138000";

  /** Source "web" sends SMS_100 with the lead's name and product; source "fair" sends none. */
  private static SmsSettings settings(int dailyLimit) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("name", "name");
    params.put("product", "product");
    return new SmsSettings(
        Map.of("web", new SmsTemplate("SMS_100", params)),
        dailyLimit,
        LocalTime.of(21, 0),
        LocalTime.of(8, 0),
        ZoneId.of("Asia/Shanghai"),
        Duration.ofMinutes(10),
        3);
  }

  // The fixture's clock starts at 2026-11-26T02:00:00Z, 10:00 in Shanghai: not quiet.
  private final PipelineFixture f = new PipelineFixture(settings(1));

  private static LeadSubmission submission(
      String intakeId, String source, @Nullable String phone, @Nullable String name) {
    return new LeadSubmission(
        intakeId,
        source,
        name,
        phone,
        "某某制造",
        "华东",
        "制造",
        "CRM",
        null,
        null,
        null,
        Map.of(),
        Priority.NORMAL);
  }

  private Lead ingest(LeadSubmission s) {
    StepVerifier.create(f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())))
        .verifyComplete();
    return f.leads.findByIntakeId(s.intakeId()).block();
  }

  private void at(Instant when) {
    f.clock.advance(Duration.between(f.clock.instant(), when));
  }

  private List<AuditEntry> sms(Lead lead) {
    return f.leads
        .history(lead.id())
        .filter(e -> e.action().startsWith("sms_"))
        .collectList()
        .block();
  }

  @Test
  void sends_the_templated_welcome_sms_once_the_lead_is_routed_and_records_it() {
    Lead lead = ingest(submission("in-1", "web", PHONE, "王先生"));

    // The lead is routed and offered at once; the SMS waits for its timer.
    assertThat(f.leads.findById(lead.id()).block().status()).isEqualTo(LeadStatus.POOLED);
    assertThat(f.outbox.commands(OutboundCommand.DeliverCard.class)).isNotEmpty();
    assertThat(f.sms.sent()).isEmpty();

    f.advance(Duration.ZERO);

    assertThat(f.sms.sent())
        .containsExactly(
            new SmsMessage(PHONE, "SMS_100", Map.of("name", "王先生", "product", "CRM"), lead.id()));
    assertThat(f.sms.sent().get(0).params().keySet()).containsExactly("name", "product");
    List<AuditEntry> history = sms(lead);
    assertThat(history).extracting(AuditEntry::action).containsExactly(WelcomeSms.SENT);
    assertThat(history.get(0).reason())
        .contains("SMS_100", "138****8000", "biz-1")
        .doesNotContain(PHONE);
  }

  @Test
  void a_lead_without_name_or_company_is_greeted_as_customer() {
    Lead lead =
        ingest(
            new LeadSubmission(
                "in-1",
                "web",
                null,
                PHONE,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of(),
                Priority.NORMAL));
    f.advance(Duration.ZERO);
    assertThat(f.sms.sent().get(0).params())
        .containsEntry("name", "sms.customer") // EchoMessages answers the key
        .containsEntry("product", "-");
    assertThat(sms(lead)).extracting(AuditEntry::action).containsExactly(WelcomeSms.SENT);
  }

  @Test
  void sends_nothing_for_a_source_without_welcome_sms_or_a_lead_without_phone() {
    ingest(submission("in-1", "fair", PHONE, "王先生"));
    ingest(submission("in-2", "web", null, "李女士"));
    f.advance(Duration.ofHours(1));
    assertThat(f.sms.sent()).isEmpty();
    assertThat(f.timers.pending()).noneMatch(t -> t.kind().equals(WelcomeSms.SEND));
  }

  @Test
  void a_lead_arriving_in_the_quiet_hours_gets_its_sms_in_the_morning() {
    at(Instant.parse("2026-11-26T14:30:00Z")); // 22:30 in Shanghai
    Lead lead = ingest(submission("in-1", "web", PHONE, "王先生"));
    assertThat(f.outbox.commands(OutboundCommand.DeliverCard.class)).isNotEmpty();

    f.advance(Duration.ofHours(9)); // 07:30
    assertThat(f.sms.sent()).isEmpty();

    f.advance(Duration.ofMinutes(30)); // 08:00
    assertThat(f.sms.sent()).hasSize(1);
    assertThat(sms(lead)).extracting(AuditEntry::action).containsExactly(WelcomeSms.SENT);
  }

  @Test
  void a_timer_that_fires_in_the_quiet_hours_waits_for_the_morning_and_says_so() {
    Lead lead = ingest(submission("in-1", "web", PHONE, "王先生"));
    at(Instant.parse("2026-11-26T13:00:00Z")); // 21:00: the poller was late
    f.advance(Duration.ZERO);
    assertThat(f.sms.sent()).isEmpty();
    assertThat(sms(lead)).extracting(AuditEntry::action).containsExactly(WelcomeSms.DELAYED);
    assertThat(sms(lead).get(0).reason()).contains("2026-11-27T00:00:00Z");

    f.advance(Duration.ofHours(11)); // 08:00 next day
    assertThat(f.sms.sent()).hasSize(1);
  }

  @Test
  void a_number_over_its_daily_limit_gets_no_second_sms_that_day_but_one_the_next() {
    Lead first = ingest(submission("in-1", "web", PHONE, "王先生"));
    f.advance(Duration.ZERO);
    // A second lead with the same number (the intake dedupe would merge it; stored directly here).
    Lead second = stored("in-2", "lead-2");
    arrive(second);
    f.advance(Duration.ZERO);

    assertThat(f.sms.sent()).extracting(SmsMessage::outId).containsExactly(first.id());
    assertThat(sms(second)).extracting(AuditEntry::action).containsExactly(WelcomeSms.REFUSED);
    assertThat(sms(second).get(0).reason()).startsWith("daily-limit");

    at(Instant.parse("2026-11-27T02:00:00Z")); // the next day in Shanghai
    Lead third = stored("in-3", "lead-3");
    arrive(third);
    f.advance(Duration.ZERO);
    assertThat(f.sms.sent()).extracting(SmsMessage::outId).containsExactly(first.id(), third.id());
  }

  private Lead stored(String intakeId, String leadId) {
    f.clock.advance(Duration.ofSeconds(1));
    return f.leads
        .ingest(submission(intakeId, "web", PHONE, "王先生"), leadId, f.clock.instant(), Duration.ZERO)
        .block()
        .lead();
  }

  private void arrive(Lead lead) {
    f.timers
        .schedule(
            new Timer(
                "sms-welcome-" + lead.id(), WelcomeSms.SEND, lead.id(), f.clock.instant(), "1"))
        .block();
  }

  @Test
  void a_number_on_the_opt_out_list_gets_nothing_and_the_history_says_why() {
    f.smsOptOuts.add(PHONE);
    Lead lead = ingest(submission("in-1", "web", PHONE, "王先生"));
    f.advance(Duration.ZERO);
    assertThat(f.sms.sent()).isEmpty();
    assertThat(sms(lead))
        .extracting(AuditEntry::reason)
        .containsExactly("opted-out: the number is on the opt-out list");
  }

  @Test
  void a_template_the_provider_refuses_is_recorded_and_the_lead_goes_on() {
    f.sms.answer(new SmsResult.Refused("isv.SMS_TEMPLATE_ILLEGAL", "模板不合法"));
    Lead lead = ingest(submission("in-1", "web", PHONE, "王先生"));
    f.advance(Duration.ZERO);
    assertThat(sms(lead))
        .extracting(AuditEntry::reason)
        .containsExactly("isv.SMS_TEMPLATE_ILLEGAL: 模板不合法");
    assertThat(f.leads.findById(lead.id()).block().status()).isEqualTo(LeadStatus.POOLED);
    assertThat(f.outbox.commands(OutboundCommand.DeliverCard.class)).isNotEmpty();

    f.advance(Duration.ofHours(1));
    assertThat(f.sms.sent()).hasSize(1); // refused for good: never tried again
  }

  @Test
  void a_try_later_answer_is_tried_again_and_given_up_after_the_last_attempt() {
    f.sms.answer(new SmsResult.Later("isv.BUSINESS_LIMIT_CONTROL", "业务限流"));
    Lead lead = ingest(submission("in-1", "web", PHONE, "王先生"));
    f.advance(Duration.ZERO);
    assertThat(f.sms.sent()).hasSize(1);
    assertThat(sms(lead)).isEmpty();

    f.sms.failing(); // an error signal is a "try later" too
    f.advance(Duration.ofMinutes(10));
    assertThat(f.sms.sent()).hasSize(2);

    f.sms.answer(new SmsResult.Later("isv.BUSINESS_LIMIT_CONTROL", "业务限流"));
    f.advance(Duration.ofMinutes(10));
    assertThat(f.sms.sent()).hasSize(3);
    assertThat(sms(lead))
        .extracting(AuditEntry::reason)
        .containsExactly("isv.BUSINESS_LIMIT_CONTROL: 业务限流 (gave up after 3 tries)");
    f.advance(Duration.ofHours(1));
    assertThat(f.sms.sent()).hasSize(3);
  }

  @Test
  void a_retry_is_not_counted_against_the_daily_limit_again() {
    f.sms.answer(new SmsResult.Later("isv.BUSINESS_LIMIT_CONTROL", "业务限流"));
    Lead lead = ingest(submission("in-1", "web", PHONE, "王先生"));
    f.advance(Duration.ZERO);
    f.sms.answer(new SmsResult.Sent("biz-2"));
    f.advance(Duration.ofMinutes(10)); // daily limit 1: the retry still goes
    assertThat(sms(lead)).extracting(AuditEntry::action).containsExactly(WelcomeSms.SENT);
  }

  @Test
  void a_redelivered_intake_or_a_timer_firing_again_sends_nothing_twice() {
    LeadSubmission s = submission("in-1", "web", PHONE, "王先生");
    Lead lead = ingest(s);
    f.advance(Duration.ZERO);
    ingest(s); // redelivered: plans the timer again
    arrive(lead); // and a timer that fires again after a crash
    f.advance(Duration.ofMinutes(1));
    assertThat(f.sms.sent()).hasSize(1);
    assertThat(sms(lead)).hasSize(1);
  }

  @Test
  void an_instance_without_the_sources_template_passes_the_sms_on_then_refuses_it() {
    PipelineFixture other = new PipelineFixture(); // an instance where SMS are not configured
    Lead lead =
        other
            .leads
            .ingest(
                submission("in-1", "web", PHONE, "王先生"),
                "lead-1",
                other.clock.instant(),
                Duration.ZERO)
            .block()
            .lead();
    other
        .timers
        .schedule(
            new Timer("sms-welcome-lead-1", WelcomeSms.SEND, "lead-1", other.clock.instant(), "1"))
        .block();
    other.advance(Duration.ZERO);
    assertThat(other.timers.pending())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo("sms-welcome-lead-1-h1");
              assertThat(t.data()).isEqualTo("1/1");
            });
    for (int i = 0; i < WelcomeSms.HAND_OFFS; i++) {
      other.advance(Duration.ofSeconds(1));
    }
    assertThat(other.timers.pending()).isEmpty();
    assertThat(
            other
                .leads
                .history(lead.id())
                .filter(e -> e.action().startsWith("sms_"))
                .collectList()
                .block())
        .extracting(AuditEntry::reason)
        .containsExactly("not-configured: the source does not send a welcome SMS");
  }

  @Test
  void welcome_sms_are_off_unless_configured() {
    PipelineFixture off = new PipelineFixture();
    StepVerifier.create(
            off.dispatcher.handle(
                new InboundEvent.LeadSubmitted(
                    submission("in-1", "web", PHONE, "王先生"), off.clock.instant())))
        .verifyComplete();
    off.advance(Duration.ofHours(1));
    assertThat(off.sms.sent()).isEmpty();
  }
}
