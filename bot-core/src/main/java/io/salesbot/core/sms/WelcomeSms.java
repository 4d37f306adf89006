package io.salesbot.core.sms;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.PhoneNumbers;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.sms.domain.SmsMessage;
import io.salesbot.core.sms.domain.SmsResult;
import io.salesbot.core.sms.domain.SmsSettings;
import io.salesbot.core.sms.domain.SmsTemplate;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The welcome SMS (欢迎短信) of a new lead whose source asks for one ({@link SmsSettings#sources}).
 *
 * <p>When the lead arrives a durable timer ({@link #SEND}) is set for now, or for the end of the
 * quiet hours; the send itself happens when the timer fires, so that the lead's routing never waits
 * for the SMS provider and an SMS that could not go now is not lost. When it fires: a lead whose
 * history already records a send or a refusal gets nothing more; a number on the opt-out list or
 * over its daily limit ({@link SmsSettings#dailyLimit}, counted by all instances together) gets
 * nothing; a timer that fires in the quiet hours sets itself again for their end. What the provider
 * answers is written to the lead's history — {@code sms_sent}, {@code sms_refused} with the reason,
 * {@code sms_delayed} — and logged with the number masked. A "try later" is tried again after
 * {@link SmsSettings#retryAfter}, at most {@link SmsSettings#attempts} times in all.
 */
public final class WelcomeSms {
  /** The timer kind of a welcome SMS due. */
  public static final String SEND = "sms-welcome";

  /** History actions. */
  public static final String SENT = "sms_sent";

  public static final String REFUSED = "sms_refused";
  public static final String DELAYED = "sms_delayed";

  /** How often an instance without the source's template passes a due SMS on (about 10 min). */
  static final int HAND_OFFS = 600;

  /** Daily counters live a little longer than the day they count. */
  static final Duration DAY_WINDOW = Duration.ofHours(26);

  private static final System.Logger LOG = System.getLogger(WelcomeSms.class.getName());

  private final Leads leads;
  private final Timers timers;
  private final SmsPorts ports;
  private final SmsSettings settings;
  private final Messages messages;
  private final Clock clock;

  public WelcomeSms(Leads leads, Timers timers, SmsPorts ports, SmsSettings settings, Talk talk) {
    this.leads = leads;
    this.timers = timers;
    this.ports = ports;
    this.settings = settings;
    this.messages = talk.messages();
    this.clock = talk.clock();
  }

  /**
   * A new lead arrived (again, when its intake is redelivered: the timer is stored once). Never
   * fails: a welcome SMS that cannot be planned is logged, and the lead goes on.
   */
  public Mono<Void> arrived(Lead lead) {
    LeadSubmission s = lead.submission();
    if (!settings.on() || s.phone() == null || settings.template(s.sourceId()).isEmpty()) {
      return Mono.empty();
    }
    Instant at = settings.sendableAt(clock.instant());
    return timers
        .schedule(new Timer("sms-welcome-" + lead.id(), SEND, lead.id(), at, "1"))
        .onErrorResume(
            e -> {
              LOG.log(
                  Level.WARNING, () -> "Welcome SMS for lead " + lead.id() + " not planned: " + e);
              return Mono.empty();
            });
  }

  /** What a {@link #SEND} timer does. */
  public TimerHandler handler() {
    return this::fire;
  }

  private Mono<Void> fire(Timer timer) {
    int attempt = attempt(timer.data());
    return leads
        .findById(timer.leadId())
        .flatMap(
            lead ->
                leads
                    .history(lead.id())
                    .any(e -> e.action().equals(SENT) || e.action().equals(REFUSED))
                    .flatMap(done -> done ? Mono.<Void>empty() : decide(lead, timer, attempt)));
  }

  private Mono<Void> decide(Lead lead, Timer timer, int attempt) {
    String phone = lead.submission().phone();
    SmsTemplate template = settings.template(lead.submission().sourceId()).orElse(null);
    if (phone == null || template == null) {
      return handOff(lead, timer, attempt);
    }
    Instant now = clock.instant();
    return ports
        .optOuts()
        .optedOut(phone)
        .flatMap(
            optedOut -> {
              if (optedOut) {
                return refuse(lead, timer, "opted-out", "the number is on the opt-out list");
              }
              Instant at = settings.sendableAt(now);
              if (at.isAfter(now)) {
                return delay(lead, timer, at, attempt);
              }
              return attempt > 1
                  ? send(lead, timer, phone, template, attempt)
                  : withinDailyLimit(phone, now)
                      .flatMap(
                          ok ->
                              ok
                                  ? send(lead, timer, phone, template, attempt)
                                  : refuse(
                                      lead,
                                      timer,
                                      "daily-limit",
                                      "the number had its "
                                          + settings.dailyLimit()
                                          + " welcome SMS today"));
            });
  }

  /**
   * The source sends no welcome SMS on this instance: another instance may know better (a
   * configuration change being rolled out), so the timer is set again for a second later, up to
   * {@link #HAND_OFFS} times; then it is refused.
   */
  private Mono<Void> handOff(Lead lead, Timer timer, int attempt) {
    int handOffs = handOffs(timer.data());
    if (lead.submission().phone() == null || handOffs >= HAND_OFFS) {
      return refuse(lead, timer, "not-configured", "the source does not send a welcome SMS");
    }
    return timers.schedule(
        new Timer(
            "sms-welcome-" + lead.id() + "-h" + (handOffs + 1),
            SEND,
            lead.id(),
            clock.instant().plusSeconds(1),
            attempt + "/" + (handOffs + 1)));
  }

  /** Counts this send on the number's day (the first try only: a retry is the same SMS). */
  private Mono<Boolean> withinDailyLimit(String phone, Instant now) {
    String key = "sms:daily:" + phone + ":" + settings.day(now);
    return ports.quotas().hit(key, settings.dailyLimit(), DAY_WINDOW);
  }

  private Mono<Void> send(Lead lead, Timer timer, String phone, SmsTemplate template, int attempt) {
    SmsMessage message = new SmsMessage(phone, template.code(), values(lead, template), lead.id());
    return ports
        .sender()
        .send(message)
        .onErrorResume(e -> Mono.just(new SmsResult.Later("io", e.toString())))
        .flatMap(
            result -> {
              if (result instanceof SmsResult.Sent sent) {
                return sent(lead, timer, template, sent);
              }
              if (result instanceof SmsResult.Refused r) {
                return refuse(lead, timer, r.code(), r.detail());
              }
              return later(lead, timer, (SmsResult.Later) result, attempt);
            });
  }

  private Mono<Void> sent(Lead lead, Timer timer, SmsTemplate template, SmsResult.Sent sent) {
    String to = PhoneNumbers.mask(String.valueOf(lead.submission().phone()));
    LOG.log(
        Level.INFO,
        () -> "Welcome SMS " + template.code() + " sent to " + to + " for lead " + lead.id());
    return audit(
        lead,
        SENT,
        "template " + template.code() + " to " + to + ", provider reference " + sent.reference(),
        timer);
  }

  private Mono<Void> refuse(Lead lead, Timer timer, String code, String detail) {
    @Nullable String phone = lead.submission().phone();
    String to = phone == null ? "-" : PhoneNumbers.mask(phone);
    String why = code + ": " + PhoneNumbers.maskAll(detail);
    LOG.log(
        Set.of("opted-out", "daily-limit").contains(code) ? Level.INFO : Level.WARNING,
        () ->
            "Welcome SMS to "
                + to
                + " for lead "
                + lead.id()
                + " not sent ("
                + why
                + "); the lead goes on without it");
    return audit(lead, REFUSED, why, timer);
  }

  private Mono<Void> later(Lead lead, Timer timer, SmsResult.Later later, int attempt) {
    if (attempt >= settings.attempts()) {
      return refuse(
          lead, timer, later.code(), later.detail() + " (gave up after " + attempt + " tries)");
    }
    Instant at = settings.sendableAt(clock.instant().plus(settings.retryAfter()));
    LOG.log(
        Level.WARNING,
        () ->
            "Welcome SMS for lead "
                + lead.id()
                + " to be tried again at "
                + at
                + ": "
                + later.code()
                + " "
                + PhoneNumbers.maskAll(later.detail()));
    return timers.schedule(
        new Timer(
            "sms-welcome-" + lead.id() + "-try" + (attempt + 1),
            SEND,
            lead.id(),
            at,
            Integer.toString(attempt + 1)));
  }

  private Mono<Void> delay(Lead lead, Timer timer, Instant at, int attempt) {
    return timers
        .schedule(
            new Timer(
                "sms-welcome-" + lead.id() + "-at" + at.getEpochSecond(),
                SEND,
                lead.id(),
                at,
                Integer.toString(attempt)))
        .then(audit(lead, DELAYED, "quiet hours: planned for " + at, timer));
  }

  private Mono<Void> audit(Lead lead, String action, String reason, Timer timer) {
    return leads.audit(
        new AuditEntry(lead.id(), AuditEntry.SYSTEM, action, reason, timer.id(), clock.instant()));
  }

  /** The template's variables from the lead's fields; a name the lead lacks reads as 客户. */
  private Map<String, String> values(Lead lead, SmsTemplate template) {
    LeadSubmission s = lead.submission();
    Map<String, String> values = new LinkedHashMap<>();
    template
        .params()
        .forEach(
            (variable, field) -> {
              @Nullable String value =
                  switch (field) {
                    case "name" -> s.name() != null ? s.name() : s.company();
                    case "company" -> s.company();
                    case "product" -> s.product();
                    case "region" -> s.region();
                    case "industry" -> s.industry();
                    case "source" -> s.sourceId();
                    default -> null;
                  };
              values.put(
                  variable,
                  value != null
                      ? value
                      : field.equals("name") ? messages.get("sms.customer") : "-");
            });
    return values;
  }

  /** A timer's data: {@code attempt} or {@code attempt/hand-offs}. */
  private static int attempt(String data) {
    return number(data.split("/", -1)[0], 1);
  }

  private static int handOffs(String data) {
    String[] parts = data.split("/", -1);
    return parts.length < 2 ? 0 : number(parts[1], 0);
  }

  private static int number(String s, int min) {
    try {
      return Math.max(min, Integer.parseInt(s));
    } catch (NumberFormatException e) {
      return min;
    }
  }
}
