package io.salesbot.core.routing;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.IngestOutcome;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit of the lead intake: the ingests that arrive while a batch is being stored wait and
 * then go together, as one {@link Leads#ingestAll} (one transaction, a handful of statements for up
 * to {@link #MAX} leads instead of five or six statements each). An ingest that finds nothing in
 * flight starts a batch of its own at once, so a lone lead waits for nobody; under load the batches
 * grow by themselves to the number of handlers the pipeline runs at once.
 *
 * <p>The leads of a batch share one {@code now} (the clock when the batch starts). When a batch
 * fails, each of its leads is ingested on its own, so that one bad submission or a store that comes
 * back fails only the ingests it concerns — each caller sees exactly what a single {@link
 * Leads#ingest} would have answered.
 */
final class IngestBatches {
  /** Most leads in one batch. */
  static final int MAX = 64;

  private static final System.Logger LOG = System.getLogger(IngestBatches.class.getName());

  private final Leads leads;
  private final Clock clock;
  private final Duration window;
  private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean storing = new AtomicBoolean();

  private record Waiting(Leads.Intake intake, Sinks.One<IngestOutcome> outcome) {}

  IngestBatches(Leads leads, Clock clock, Duration window) {
    this.leads = leads;
    this.clock = clock;
    this.window = window;
  }

  /** Ingests the submission with the next batch; what {@link Leads#ingest} would answer. */
  Mono<IngestOutcome> ingest(LeadSubmission submission, String leadId) {
    return Mono.defer(
        () -> {
          Sinks.One<IngestOutcome> outcome = Sinks.one();
          queue.add(new Waiting(new Leads.Intake(submission, leadId), outcome));
          next();
          return outcome.asMono();
        });
  }

  /** Starts the next batch unless one is being stored; the one storing starts it when done. */
  private void next() {
    while (!queue.isEmpty() && storing.compareAndSet(false, true)) {
      List<Waiting> batch = new ArrayList<>();
      Waiting w;
      while (batch.size() < MAX && (w = queue.poll()) != null) {
        batch.add(w);
      }
      if (batch.isEmpty()) {
        storing.set(false);
        continue;
      }
      store(batch);
      return;
    }
  }

  private void store(List<Waiting> batch) {
    Instant now = clock.instant();
    List<Leads.Intake> intakes = batch.stream().map(Waiting::intake).toList();
    Mono.defer(() -> leads.ingestAll(intakes, now, window))
        .filter(outcomes -> outcomes.size() == batch.size())
        .switchIfEmpty(
            Mono.error(() -> new IllegalStateException("the store answered a batch incompletely")))
        .subscribe(
            outcomes -> {
              done();
              for (int i = 0; i < batch.size(); i++) {
                batch.get(i).outcome().tryEmitValue(outcomes.get(i));
              }
            },
            failure -> {
              done();
              if (batch.size() > 1) {
                LOG.log(
                    Level.WARNING,
                    "a batch of {0} leads could not be stored ({1}); storing them one by one",
                    batch.size(),
                    failure.toString());
              }
              oneByOne(batch, now);
            });
  }

  /** Lets the next batch start; called before the waiting ingests carry on. */
  private void done() {
    storing.set(false);
    next();
  }

  private void oneByOne(List<Waiting> batch, Instant now) {
    Flux.fromIterable(batch)
        .flatMap(
            w ->
                leads
                    .ingest(w.intake().submission(), w.intake().leadId(), now, window)
                    .doOnNext(o -> w.outcome().tryEmitValue(o))
                    .switchIfEmpty(Mono.fromRunnable(() -> w.outcome().tryEmitEmpty()))
                    .onErrorResume(
                        e -> {
                          w.outcome().tryEmitError(e);
                          return Mono.empty();
                        }))
        .subscribe();
  }
}
