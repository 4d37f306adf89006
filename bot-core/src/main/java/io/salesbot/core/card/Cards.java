package io.salesbot.core.card;

import io.salesbot.core.card.domain.Card;
import io.salesbot.core.card.domain.CardButton;
import io.salesbot.core.card.domain.CardElement;
import io.salesbot.core.card.domain.CardType;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadSubmission;
import io.salesbot.core.lead.domain.PhoneNumbers;
import io.salesbot.core.lead.domain.Priority;
import io.salesbot.core.team.domain.Team;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One static factory per card type, so that services and tests never assemble card elements by
 * hand. The offer card shows the phone masked; only the rep who claims the lead sees it in full.
 */
public final class Cards {
  /** The action of the Claim button; its payload is the lead id. */
  public static final String CLAIM = "claim";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final Messages messages;

  public Cards(Messages messages) {
    this.messages = messages;
  }

  /** The card id of a lead's offer card; every later version of it keeps this id. */
  public static String leadCardId(String leadId) {
    return "lead-" + leadId;
  }

  /** Version 1: a new lead offered to a team, with a Claim button. */
  public Card leadOffer(Lead lead, Team team) {
    LeadSubmission s = lead.submission();
    List<CardElement> elements = new ArrayList<>();
    if (s.priority() == Priority.HOT) {
      elements.add(new CardElement.Text(messages.get("card.leadOffer.hot")));
    }
    elements.addAll(details(s, true));
    elements.add(new CardElement.Field(messages.get("field.team"), team.name()));
    elements.add(
        new CardElement.Note(
            messages.get("card.leadOffer.note", s.sourceId(), TIME.format(lead.createdAt()))));
    return new Card(
        leadCardId(lead.id()),
        1,
        CardType.LEAD_OFFER,
        messages.get("card.leadOffer.title", s.displayName()),
        elements,
        List.of(
            new CardButton(
                CLAIM, messages.get("button.claim"), lead.id(), CardButton.Style.PRIMARY)));
  }

  /** Version 2, for the winner: the full contact details and what to do next. */
  public Card claimedByYou(Lead lead) {
    LeadSubmission s = lead.submission();
    List<CardElement> elements = new ArrayList<>();
    elements.add(new CardElement.Text(messages.get("card.claimedByYou.text")));
    elements.addAll(details(s, false));
    return new Card(
        leadCardId(lead.id()),
        2,
        CardType.LEAD_CLAIMED_BY_YOU,
        messages.get("card.claimedByYou.title", s.displayName()),
        elements,
        List.of());
  }

  /** Version 2, for everybody else: who took it. */
  public Card claimedByOther(Lead lead, String ownerName) {
    LeadSubmission s = lead.submission();
    List<CardElement> elements = new ArrayList<>();
    elements.add(new CardElement.Text(messages.get("card.claimedByOther.text", ownerName)));
    field(elements, "field.region", s.region());
    field(elements, "field.product", s.product());
    return new Card(
        leadCardId(lead.id()),
        2,
        CardType.LEAD_CLAIMED_BY_OTHER,
        messages.get("card.claimedByOther.title", s.displayName(), ownerName),
        elements,
        List.of());
  }

  private List<CardElement> details(LeadSubmission s, boolean maskPhone) {
    List<CardElement> elements = new ArrayList<>();
    field(elements, "field.name", s.name());
    String phone = s.phone();
    field(
        elements,
        "field.phone",
        phone == null ? null : maskPhone ? PhoneNumbers.mask(phone) : phone);
    field(elements, "field.company", s.company());
    field(elements, "field.region", s.region());
    field(elements, "field.industry", s.industry());
    field(elements, "field.product", s.product());
    field(elements, "field.message", s.message());
    return elements;
  }

  private void field(List<CardElement> elements, String labelKey, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      elements.add(new CardElement.Field(messages.get(labelKey), value));
    }
  }
}
