package io.salesbot.core.card.domain;

/** The kinds of card salesbot sends; each has its wording in {@code templates/}. */
public enum CardType {
  /** A new lead offered to a team, with a Claim button. */
  LEAD_OFFER,
  /** The winner's view after a claim. */
  LEAD_CLAIMED_BY_YOU,
  /** Everybody else's view after a claim. */
  LEAD_CLAIMED_BY_OTHER
}
