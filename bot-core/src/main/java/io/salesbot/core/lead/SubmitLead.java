package io.salesbot.core.lead;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.kernel.domain.LeadSubmission;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * Takes a validated submission durably: onto the intake queue, or, when the queue is unreachable,
 * into the PostgreSQL fallback ({@link FallbackInboundQueue}, each step time-limited). Answers only
 * once one of them holds it; fails with {@link IntakeUnavailableException} when neither can.
 */
public final class SubmitLead implements LeadIntake {
  private final FallbackInboundQueue queue;
  private final Clock clock;

  public SubmitLead(InboundQueue queue, IntakeFallback fallback, Clock clock) {
    this(new FallbackInboundQueue(queue, fallback), clock);
  }

  public SubmitLead(FallbackInboundQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  /** Where the submission went. {@code duplicate} when the same intake id came in before. */
  public record Accepted(String intakeId, boolean duplicate, boolean viaFallback) {}

  @Override
  public Mono<Accepted> submit(LeadSubmission submission) {
    LeadSubmitted event = new LeadSubmitted(submission, clock.instant());
    String intakeId = submission.intakeId();
    return queue
        .take(event)
        .map(taken -> new Accepted(intakeId, !taken.isNew(), taken.viaFallback()));
  }
}
