package io.salesbot.core.lead;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.PhoneNumbers;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.team.domain.Team;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The lead card in its versions (offer, push offer, claimed, closed, recycled) and the pool page:
 * one factory method per card, so that services and tests never assemble card elements by hand. The
 * action names of their buttons are here too. The offer card shows the phone masked; only the rep
 * who claims the lead sees it in full.
 */
public final class LeadCards {
  /** The action of the Claim button; its payload is the lead id. */
  public static final String CLAIM = "claim";

  /** Accept a pushed offer; payload {@code <leadId>:<attempt>}. */
  public static final String ACCEPT = "accept";

  /**
   * Decline a pushed offer; payload {@code <leadId>:<attempt>:<reason>} (one button per {@link
   * io.salesbot.core.lead.domain.DeclineReason}; {@code <leadId>:<attempt>} is still accepted).
   */
  public static final String DECLINE = "decline";

  /** First touch done; payload {@code <leadId>:<PHONE|WECHAT|VISIT>}. */
  public static final String CONTACTED = "contacted";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

  private final Messages messages;

  public LeadCards(Messages messages) {
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
        messages.get("card.leadOffer.title", messages.leadName(s)),
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
    elements.add(
        new CardElement.Note(messages.get("card.claimedByYou.note", "#" + lead.shortId())));
    List<CardButton> buttons = new ArrayList<>();
    for (ContactChannel c : ContactChannel.values()) {
      buttons.add(
          new CardButton(
              CONTACTED,
              messages.get("button.contacted", messages.get(c.labelKey())),
              lead.id() + ":" + c.name(),
              c == ContactChannel.PHONE ? CardButton.Style.PRIMARY : CardButton.Style.DEFAULT));
    }
    return new Card(
        leadCardId(lead.id()),
        2,
        CardType.LEAD_CLAIMED_BY_YOU,
        messages.get("card.claimedByYou.title", messages.leadName(s)),
        elements,
        buttons);
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
        messages.get("card.claimedByOther.title", messages.leadName(s), ownerName),
        elements,
        List.of());
  }

  /** Version 1 of a pushed offer: to one rep, with Accept and Decline, until {@code expiresAt}. */
  public Card pushOffer(Lead lead, Team team, int attempt, Instant expiresAt) {
    LeadSubmission s = lead.submission();
    List<CardElement> elements = new ArrayList<>();
    if (s.priority() == Priority.HOT) {
      elements.add(new CardElement.Text(messages.get("card.leadOffer.hot")));
    }
    elements.addAll(details(s, true));
    elements.add(new CardElement.Field(messages.get("field.team"), team.name()));
    elements.add(
        new CardElement.Note(
            messages.get(
                "card.pushOffer.note",
                s.sourceId(),
                TIME.format(lead.createdAt()),
                CLOCK.format(expiresAt))));
    String payload = lead.id() + ":" + attempt;
    return new Card(
        leadCardId(lead.id()),
        1,
        CardType.LEAD_PUSH_OFFER,
        messages.get("card.pushOffer.title", messages.leadName(s)),
        elements,
        pushButtons(payload));
  }

  private List<CardButton> pushButtons(String payload) {
    List<CardButton> buttons = new ArrayList<>();
    buttons.add(
        new CardButton(ACCEPT, messages.get("button.accept"), payload, CardButton.Style.PRIMARY));
    for (io.salesbot.core.lead.domain.DeclineReason r :
        io.salesbot.core.lead.domain.DeclineReason.values()) {
      buttons.add(
          new CardButton(
              DECLINE,
              messages.get(r.labelKey()),
              payload + ":" + r.name(),
              CardButton.Style.DEFAULT));
    }
    return List.copyOf(buttons);
  }

  /** Version 2 of a pushed offer that was declined or ran out; {@code why} is already worded. */
  public Card offerClosed(Lead lead, String why) {
    return new Card(
        leadCardId(lead.id()),
        2,
        CardType.LEAD_OFFER_CLOSED,
        messages.get("card.offerClosed.title", messages.leadName(lead.submission())),
        List.of(new CardElement.Text(why)),
        List.of());
  }

  /** A lead back in the pool, offered again with a Claim button. */
  public Card recycledOffer(Lead lead, Team team) {
    LeadSubmission s = lead.submission();
    List<CardElement> elements = new ArrayList<>(details(s, true));
    elements.add(new CardElement.Field(messages.get("field.team"), team.name()));
    return new Card(
        "recycled-" + lead.id() + "-" + lead.version(),
        1,
        CardType.LEAD_OFFER,
        messages.get("card.recycled.title", messages.leadName(s)),
        elements,
        List.of(
            new CardButton(
                CLAIM, messages.get("button.claim"), lead.id(), CardButton.Style.PRIMARY)));
  }

  /** A page of a team's pool: one line and one Claim button per lead. */
  public Card pool(String cardId, Team team, List<Lead> leads, int page, int pages, long total) {
    List<CardElement> elements = new ArrayList<>();
    List<CardButton> buttons = new ArrayList<>();
    if (leads.isEmpty()) {
      elements.add(new CardElement.Text(messages.get("card.pool.empty")));
    }
    for (Lead lead : leads) {
      LeadSubmission s = lead.submission();
      StringBuilder line = new StringBuilder(messages.leadName(s));
      for (String part : new String[] {s.region(), s.industry(), s.product()}) {
        if (part != null && !part.isBlank()) {
          line.append(" · ").append(part);
        }
      }
      line.append(" · ").append(TIME.format(lead.createdAt()));
      elements.add(new CardElement.Field("#" + lead.shortId(), line.toString()));
      buttons.add(
          new CardButton(
              CLAIM,
              messages.get("button.claimLead", "#" + lead.shortId()),
              lead.id(),
              CardButton.Style.PRIMARY));
    }
    if (pages > 1) {
      elements.add(new CardElement.Note(messages.get("card.pool.page", page, pages, page + 1)));
    }
    return new Card(
        cardId,
        1,
        CardType.POOL,
        messages.get("card.pool.title", team.name(), total),
        elements,
        buttons);
  }

  /** The lead's details as fields, the phone masked or not. */
  public List<CardElement> details(LeadSubmission s, boolean maskPhone) {
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

  /** Adds a labelled field when the value is there. */
  public void field(List<CardElement> elements, String labelKey, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      elements.add(new CardElement.Field(messages.get(labelKey), value));
    }
  }
}
