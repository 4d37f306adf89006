package io.salesbot.core.sla;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.sla.domain.SlaClock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The SLA's cards: the lead card after first touch, and the manager's escalation card. */
public final class SlaCards {
  /** Manager: how to reassign; payload the lead id. */
  public static final String SLA_REASSIGN = "sla-reassign";

  /** Manager: back to the pool; payload the lead id. */
  public static final String SLA_POOL = "sla-pool";

  /** Manager: extend the first-touch SLA; payload {@code <leadId>:<due epoch ms>}. */
  public static final String SLA_EXTEND = "sla-extend";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final Messages messages;
  private final LeadCards leadCards;

  public SlaCards(Messages messages) {
    this.messages = messages;
    this.leadCards = new LeadCards(messages);
  }

  /** Version 3, for the owner after Contacted: the channel, and the details. */
  public Card contacted(Lead lead, String channelLabel) {
    List<CardElement> elements = new ArrayList<>();
    elements.add(new CardElement.Text(messages.get("card.contacted.text", channelLabel)));
    elements.addAll(leadCards.details(lead.submission(), false));
    // 已联系 takes a note: the rep's next text to the bot is offered as one (NoteFromChat)
    elements.add(new CardElement.Note(messages.get("card.contacted.noteHint")));
    return new Card(
        LeadCards.leadCardId(lead.id()),
        3,
        CardType.LEAD_CONTACTED,
        messages.get("card.contacted.title", messages.leadName(lead.submission())),
        elements,
        followUpButtons(lead));
  }

  /** On the contacted card: pressing Contacted again records a follow-up (the follow-up SLA). */
  private List<CardButton> followUpButtons(Lead lead) {
    List<CardButton> buttons = new ArrayList<>();
    for (ContactChannel c : ContactChannel.values()) {
      buttons.add(
          new CardButton(
              LeadCards.CONTACTED,
              messages.get("button.followUp", messages.get(c.labelKey())),
              lead.id() + ":" + c.name(),
              CardButton.Style.DEFAULT));
    }
    return List.copyOf(buttons);
  }

  /** To the manager when a first-touch SLA ran out: Reassign to…, Back to pool, Extend. */
  public Card escalation(Lead lead, String ownerName, SlaClock clock) {
    LeadSubmission s = lead.submission();
    List<CardElement> elements = new ArrayList<>();
    long minutes = java.time.Duration.between(clock.startedAt(), clock.dueAt()).toMinutes();
    elements.add(new CardElement.Text(messages.get("card.escalation.text", ownerName, minutes)));
    elements.add(new CardElement.Field(messages.get("field.lead"), "#" + lead.shortId()));
    elements.add(new CardElement.Field(messages.get("field.owner"), ownerName));
    elements.add(
        new CardElement.Field(messages.get("field.claimedAt"), TIME.format(clock.startedAt())));
    leadCards.field(elements, "field.region", s.region());
    leadCards.field(elements, "field.product", s.product());
    return new Card(
        "escalation-" + lead.id() + "-" + clock.dueAt().toEpochMilli(),
        1,
        CardType.SLA_ESCALATION,
        messages.get("card.escalation.title", messages.leadName(s)),
        elements,
        List.of(
            new CardButton(
                SLA_REASSIGN, messages.get("button.reassign"), lead.id(), CardButton.Style.PRIMARY),
            new CardButton(
                SLA_POOL, messages.get("button.backToPool"), lead.id(), CardButton.Style.DANGER),
            new CardButton(
                SLA_EXTEND,
                messages.get("button.extend"),
                lead.id() + ":" + clock.dueAt().toEpochMilli(),
                CardButton.Style.DEFAULT)));
  }
}
