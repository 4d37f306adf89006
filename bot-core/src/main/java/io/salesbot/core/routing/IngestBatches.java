package io.salesbot.core.routing;

import io.salesbot.core.kernel.GroupCommit;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.IngestOutcome;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Group commit of the lead intake ({@link GroupCommit}): the ingests that arrive while a batch is
 * being stored wait and then go together, as one {@link Leads#ingestAll} (one transaction, a
 * handful of statements for up to {@link #MAX} leads instead of five or six statements each).
 *
 * <p>The leads of a batch share one {@code now} (the clock when the batch starts). When a batch
 * fails, each of its leads is ingested on its own, so that one bad submission or a store that comes
 * back fails only the ingests it concerns — each caller sees exactly what a single {@link
 * Leads#ingest} would have answered.
 */
final class IngestBatches {
  /** Most leads in one batch. */
  static final int MAX = 256;

  private final GroupCommit<Leads.Intake, IngestOutcome> group;

  IngestBatches(Leads leads, Clock clock, Duration window) {
    this.group =
        new GroupCommit<>(
            "leads",
            MAX,
            batch -> leads.ingestAll(batch, clock.instant(), window),
            i -> leads.ingest(i.submission(), i.leadId(), clock.instant(), window));
  }

  /** Ingests the submission with the next batch; what {@link Leads#ingest} would answer. */
  Mono<IngestOutcome> ingest(LeadSubmission submission, String leadId) {
    return group.submit(new Leads.Intake(submission, leadId));
  }
}
