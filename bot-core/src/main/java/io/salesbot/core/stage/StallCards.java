package io.salesbot.core.stage;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.domain.Deal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The manager's card for a stalled deal: who, which stage, since when, with 安排下一步 / 标记输单 / 改派 (each
 * payload the deal id).
 */
public final class StallCards {
  /** Ask the owner for a next step. */
  public static final String PLAN = "stall-plan";

  /** Mark the deal lost (asks for the reason). */
  public static final String LOSE = "stall-lose";

  /** Reassign the deal: answers with the team's reps and their loads. */
  public static final String REASSIGN = "stall-reassign";

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

  private StallCards() {}

  public static String cardId(Deal deal) {
    return "stall-" + deal.id() + "-" + StallClock.key(deal.lastProgressAt());
  }

  public static Card escalation(
      Messages messages,
      Deal deal,
      Lead lead,
      String repName,
      String stageName,
      long days,
      ZoneId zone) {
    String ref = "#" + lead.shortId();
    return new Card(
        cardId(deal),
        1,
        // an escalation to the manager, like the first-touch one; the kernel has no stall type
        CardType.SLA_ESCALATION,
        messages.get("card.stall.title", messages.leadName(lead.submission())),
        List.of(
            new CardElement.Text(messages.get("card.stall.text", repName, ref, stageName, days)),
            new CardElement.Field(
                messages.get("field.stall.lastProgress"),
                DAY.withZone(zone).format(deal.lastProgressAt())),
            new CardElement.Note(messages.get("card.deal.note", ref))),
        List.of(
            new CardButton(
                PLAN, messages.get("button.stall.plan"), deal.id(), CardButton.Style.PRIMARY),
            new CardButton(
                LOSE, messages.get("button.stall.lose"), deal.id(), CardButton.Style.DANGER),
            new CardButton(
                REASSIGN,
                messages.get("button.stall.reassign"),
                deal.id(),
                CardButton.Style.DEFAULT)));
  }
}
