package io.salesbot.core.sla;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.team.domain.Team;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The response SLA's cards: the team's reminder that a lead still waits for a claim, and the
 * manager's escalation card with one 指派给… button per available rep (least loaded first) and 延长.
 */
public final class ResponseCards {
  /** Manager: assign the unclaimed lead; payload {@code <leadId>:<rep address>}. */
  public static final String RESPONSE_ASSIGN = "response-assign";

  /** Manager: give the team more time to claim; payload {@code <leadId>:<due epoch ms>}. */
  public static final String RESPONSE_EXTEND = "response-extend";

  /** At most this many 指派给… buttons (WeCom cards take six buttons; one is 延长). */
  static final int MAX_CHOICES = 5;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  /** A rep the manager may assign the lead to, with the open leads they have. */
  public record Choice(Address rep, String name, int openLeads) {}

  private final Messages messages;
  private final LeadCards leadCards;

  public ResponseCards(Messages messages) {
    this.messages = messages;
    this.leadCards = new LeadCards(messages);
  }

  /** The card id of a lead's escalation for the due time {@code due}. */
  static String escalationId(String leadId, Instant due) {
    return "response-escalation-" + leadId + "-" + due.toEpochMilli();
  }

  /** To the team before the breach: still nobody claimed it, with a Claim button. */
  public Card stillWaiting(Lead lead, Team team, long waitedMinutes, long leftMinutes) {
    LeadSubmission s = lead.submission();
    List<CardElement> elements = new ArrayList<>();
    elements.add(
        new CardElement.Text(
            messages.get("card.responseReminder.text", waitedMinutes, leftMinutes)));
    elements.addAll(leadCards.details(s, true));
    elements.add(new CardElement.Field(messages.get("field.team"), team.name()));
    return new Card(
        "response-remind-" + lead.id(),
        1,
        CardType.LEAD_OFFER,
        messages.get("card.responseReminder.title", messages.leadName(s)),
        elements,
        List.of(
            new CardButton(
                LeadCards.CLAIM,
                messages.get("button.claim"),
                lead.id(),
                CardButton.Style.PRIMARY)));
  }

  /** To the manager at the breach: 指派给… each available rep, and 延长. */
  public Card escalation(
      Lead lead,
      long waitedMinutes,
      Instant due,
      List<Choice> choices,
      String nobodyReason,
      long extendMinutes) {
    LeadSubmission s = lead.submission();
    List<CardElement> elements = new ArrayList<>();
    elements.add(new CardElement.Text(messages.get("card.responseEscalation.text", waitedMinutes)));
    elements.add(new CardElement.Field(messages.get("field.lead"), "#" + lead.shortId()));
    elements.add(
        new CardElement.Field(messages.get("field.arrivedAt"), TIME.format(lead.createdAt())));
    leadCards.field(elements, "field.region", s.region());
    leadCards.field(elements, "field.product", s.product());
    if (choices.isEmpty()) {
      elements.add(
          new CardElement.Note(messages.get("card.responseEscalation.nobody", nobodyReason)));
    }
    List<CardButton> buttons = new ArrayList<>();
    for (Choice c : choices.subList(0, Math.min(MAX_CHOICES, choices.size()))) {
      buttons.add(
          new CardButton(
              RESPONSE_ASSIGN,
              messages.get("button.assignTo", c.name(), c.openLeads()),
              lead.id() + ":" + c.rep(),
              buttons.isEmpty() ? CardButton.Style.PRIMARY : CardButton.Style.DEFAULT));
    }
    buttons.add(
        new CardButton(
            RESPONSE_EXTEND,
            messages.get("button.responseExtend", extendMinutes),
            lead.id() + ":" + due.toEpochMilli(),
            CardButton.Style.DEFAULT));
    return new Card(
        escalationId(lead.id(), due),
        1,
        CardType.SLA_ESCALATION,
        messages.get("card.responseEscalation.title", messages.leadName(s)),
        elements,
        buttons);
  }

  /** The escalation card once handled: what was done, no buttons. */
  public Card handled(Lead lead, Instant due, String what) {
    return new Card(
        escalationId(lead.id(), due),
        2,
        CardType.SLA_ESCALATION,
        messages.get("card.responseEscalation.title", messages.leadName(lead.submission())),
        List.of(new CardElement.Text(what)),
        List.of());
  }
}
