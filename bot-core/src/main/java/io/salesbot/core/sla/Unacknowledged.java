package io.salesbot.core.sla;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The e-mail after a reminder or an escalation nobody acted on (the seed's 多终端同步推送): when a
 * reminder or escalation goes out, a durable timer is armed {@code salesbot.email
 * .unacknowledged-after} later; when it fires, the timer's owner re-checks the lead as the original
 * timer would (claimed, contacted, extended or moved since: nothing happens) and, if it still
 * waits, the same people get an e-mail at their {@code email:} addresses with the lead's facts
 * (phone masked). Mail has no buttons: it says where to act. Off (nothing is armed) without an
 * {@code email} platform or with a zero delay.
 */
public final class Unacknowledged {
  /** The e-mail platform's id, and the kind of a person's e-mail addresses. */
  public static final String EMAIL = "email";

  /** Timer kind: the follow-up of a response-SLA reminder or escalation (a lead nobody claimed). */
  public static final String RESPONSE = "response-unacknowledged";

  /**
   * Timer kind: the follow-up of a first-touch SLA reminder or escalation (a claimed lead nobody
   * contacted).
   */
  public static final String FIRST_TOUCH = "first-touch-unacknowledged";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  /** What was sent and not acted on, and the mail's subject. */
  enum What {
    REMINDER("mail.unacknowledged.reminder"),
    ESCALATION("mail.unacknowledged.escalation"),
    FIRST_TOUCH_REMINDER("mail.unacknowledged.firstTouchReminder"),
    FIRST_TOUCH_ESCALATION("mail.unacknowledged.firstTouchEscalation");

    private final String subject;

    What(String subject) {
      this.subject = subject;
    }
  }

  private final Timers timers;
  private final TeamDirectory directory;
  private final Leads leads;
  private final Talk talk;
  private final Duration after;
  private final LeadCards leadCards;

  /**
   * @param after how long a reminder or escalation may go unacknowledged; zero turns e-mail off
   */
  public Unacknowledged(
      Timers timers, TeamDirectory directory, Leads leads, Talk talk, Duration after) {
    if (after.isNegative()) {
      throw new IllegalArgumentException("the unacknowledged delay must not be negative");
    }
    this.timers = timers;
    this.directory = directory;
    this.leads = leads;
    this.talk = talk;
    this.after = after;
    this.leadCards = new LeadCards(talk.messages());
  }

  /** The durable timers the follow-ups are armed on (also what quiet hours defer with). */
  Timers timers() {
    return timers;
  }

  /** Whether follow-up e-mails are sent at all. */
  public boolean on() {
    return !after.isZero();
  }

  /** The e-mail addresses of {@code person}, in configured order. */
  List<Address> emails(Address person) {
    return directory.addresses(person).stream().filter(a -> EMAIL.equals(a.platform())).toList();
  }

  /**
   * Arms the follow-up of {@code sent}, a timer whose reminder or escalation just went to {@code
   * people}: a timer of {@code kind} due {@code after} from now, carrying {@code sent}'s data for
   * the re-check. Nothing when e-mail is off or none of them has an e-mail address.
   */
  Mono<Void> arm(String kind, Timer sent, What what, List<Address> people) {
    if (!on() || people.stream().allMatch(p -> emails(p).isEmpty())) {
      return Mono.empty();
    }
    String who = people.stream().map(Address::toString).collect(Collectors.joining(","));
    return timers.schedule(
        new Timer(
            "unacknowledged-" + sent.id(),
            kind,
            sent.leadId(),
            talk.clock().instant().plus(after),
            what.name() + "|" + who + "|" + sent.data()));
  }

  /** The timer a follow-up was armed for, with its data, for the same re-check. */
  static Timer original(Timer followUp) {
    return new Timer(
        followUp.id(),
        followUp.kind(),
        followUp.leadId(),
        followUp.dueAt(),
        followUp.data().split("\\|", 3)[2]);
  }

  /** Mails the lead's facts to the people the follow-up was armed for, and records it. */
  Mono<Void> mail(Timer followUp, Lead lead, String teamName) {
    String[] data = followUp.data().split("\\|", 3);
    What what = What.valueOf(data[0]);
    List<Address> people = Arrays.stream(data[1].split(",")).map(Address::parse).toList();
    List<Address> to = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Address p : people) {
      List<Address> mine = emails(p);
      if (!mine.isEmpty()) {
        to.addAll(mine);
        names.add(directory.displayName(p));
      }
    }
    if (to.isEmpty()) {
      return Mono.empty();
    }
    Messages messages = talk.messages();
    long waited = Duration.between(lead.createdAt(), talk.clock().instant()).toMinutes();
    List<CardElement> elements = new ArrayList<>();
    elements.add(
        new CardElement.Text(messages.get("mail.unacknowledged.text", waited, after.toMinutes())));
    elements.add(new CardElement.Field(messages.get("field.lead"), "#" + lead.shortId()));
    elements.addAll(leadCards.details(lead.submission(), true));
    elements.add(
        new CardElement.Field(messages.get("field.arrivedAt"), TIME.format(lead.createdAt())));
    elements.add(new CardElement.Field(messages.get("field.team"), teamName));
    elements.add(new CardElement.Note(messages.get("mail.unacknowledged.note")));
    Card card =
        new Card(
            followUp.id(),
            1,
            CardType.SLA_ESCALATION,
            messages.get(what.subject, messages.leadName(lead.submission())),
            elements,
            List.of());
    Clock clock = talk.clock();
    return leads
        .audit(
            new AuditEntry(
                lead.id(),
                AuditEntry.SYSTEM,
                "unacknowledged_emailed",
                "the "
                    + what.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + " was not acted on within "
                    + after.toMinutes()
                    + " min; e-mailed "
                    + String.join(", ", names),
                followUp.id(),
                clock.instant()))
        .then(
            talk.replies().perPlatform(to, (r, s) -> new DeliverCard(followUp.id() + s, card, r)));
  }
}
