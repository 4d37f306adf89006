package io.salesbot.core.kernel.domain;

/** The kinds of card salesbot sends; each has its wording in {@code templates/}. */
public enum CardType {
  /** A new lead offered to a team, with a Claim button. */
  LEAD_OFFER,
  /** The winner's view after a claim. */
  LEAD_CLAIMED_BY_YOU,
  /** Everybody else's view after a claim. */
  LEAD_CLAIMED_BY_OTHER,
  /** A lead offered to one rep (push strategies), with Accept / Decline. */
  LEAD_PUSH_OFFER,
  /** A pushed offer that was declined or ran out. */
  LEAD_OFFER_CLOSED,
  /** The owner's view after Contacted. */
  LEAD_CONTACTED,
  /** To the manager: a first-touch SLA ran out, with Reassign / Back to pool / Extend. */
  SLA_ESCALATION,
  /** A page of a team's pool, with a Claim button per lead. */
  POOL,
  /** The greeting when a person opens the bot, with buttons for the everyday commands. */
  WELCOME,
  /** A deal: its stage path, the stage's checkpoints, evidence owed, next step, actions. */
  DEAL,
  /** A question with one button per answer (which checkpoint evidence proves, a lost reason). */
  CHOICE,
  /** To the manager: a rep asks to move a deal past a shut gate, with Approve / Reject. */
  SKIP_APPROVAL,
  /**
   * A report (funnel, KPIs, stalls, skips, scorecards): figures as fields; at most a command
   * button.
   */
  REPORT,
  /** To the ops chat: an operations condition raised or resolved, figures as fields, no buttons. */
  OPS_ALERT
}
