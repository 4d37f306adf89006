package io.salesbot.core.lead;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.kernel.domain.LeadSubmission;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * Takes a validated submission durably: onto the intake queue, or, when the queue is unreachable,
 * into the PostgreSQL fallback. Answers only once one of them holds it; fails with {@link
 * IntakeUnavailableException} when neither can.
 */
public final class SubmitLead implements LeadIntake {
  private static final System.Logger LOG = System.getLogger(SubmitLead.class.getName());

  private final InboundQueue queue;
  private final IntakeFallback fallback;
  private final Clock clock;

  public SubmitLead(InboundQueue queue, IntakeFallback fallback, Clock clock) {
    this.queue = queue;
    this.fallback = fallback;
    this.clock = clock;
  }

  /** Where the submission went. {@code duplicate} when the same intake id came in before. */
  public record Accepted(String intakeId, boolean duplicate, boolean viaFallback) {}

  @Override
  public Mono<Accepted> submit(LeadSubmission submission) {
    LeadSubmitted event = new LeadSubmitted(submission, clock.instant());
    String intakeId = submission.intakeId();
    return queue
        .enqueue(event)
        .map(appended -> new Accepted(intakeId, !appended, false))
        .onErrorResume(
            queueError -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "intake queue unavailable ({0}); storing intake {1} in PostgreSQL",
                  queueError.toString(),
                  intakeId);
              return fallback
                  .store(event)
                  .map(stored -> new Accepted(intakeId, !stored, true))
                  .onErrorMap(
                      dbError -> {
                        IntakeUnavailableException e =
                            new IntakeUnavailableException(
                                "neither the queue nor the database can take the lead", dbError);
                        e.addSuppressed(queueError);
                        return e;
                      });
            });
  }
}
