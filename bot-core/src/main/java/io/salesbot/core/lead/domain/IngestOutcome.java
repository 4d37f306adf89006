package io.salesbot.core.lead.domain;

/** What storing an intake did. */
public sealed interface IngestOutcome {
  Lead lead();

  /** A new lead was stored. */
  record Created(Lead lead) implements IngestOutcome {}

  /** This intake was stored before (a redelivery); {@code lead} is its current state. */
  record AlreadyIngested(Lead lead) implements IngestOutcome {}

  /** The same phone or openid came in recently: the intake was merged into that lead. */
  record Merged(Lead lead, String intakeId) implements IngestOutcome {}
}
