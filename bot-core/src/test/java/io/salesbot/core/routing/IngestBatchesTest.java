package io.salesbot.core.routing;

import static io.salesbot.core.testing.contract.ContractFixtures.submission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.testing.InMemoryLeads;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class IngestBatchesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC);

  private final InMemoryLeads store = new InMemoryLeads();
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();

  /** The first batch waits for this before the store answers it. */
  private final Sinks.Empty<Void> firstBatchGate = Sinks.empty();

  /**
   * The in-memory store, with {@code ingestAll} recording each batch and holding the first one
   * until {@link #firstBatchGate}; {@code batchStore} decides what a batch answers.
   */
  private Leads leads(
      Function<List<Leads.Intake>, Mono<List<IngestOutcome>>> batchStore, String failingIntake) {
    return (Leads)
        Proxy.newProxyInstance(
            Leads.class.getClassLoader(),
            new Class<?>[] {Leads.class},
            (proxy, method, args) -> {
              if (method.getName().equals("ingestAll")) {
                @SuppressWarnings("unchecked")
                List<Leads.Intake> batch = (List<Leads.Intake>) args[0];
                Mono<Void> gate = batches.isEmpty() ? firstBatchGate.asMono() : Mono.<Void>empty();
                batches.add(batch.stream().map(i -> i.submission().intakeId()).toList());
                return gate.then(Mono.defer(() -> batchStore.apply(batch)));
              }
              if (method.getName().equals("ingest")
                  && ((io.salesbot.core.kernel.domain.LeadSubmission) args[0])
                      .intakeId()
                      .equals(failingIntake)) {
                return Mono.error(new IllegalStateException("bad lead " + failingIntake));
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static CompletableFuture<IngestOutcome> submit(IngestBatches batcher, String intakeId) {
    return batcher.ingest(submission(intakeId, null, null), "lead-" + intakeId).toFuture();
  }

  @Test
  void leads_arriving_while_a_batch_is_stored_go_together_in_the_next_batch() throws Exception {
    Leads leads = leads(batch -> store.ingestAll(batch, CLOCK.instant(), Duration.ofDays(1)), "");
    IngestBatches batcher = new IngestBatches(leads, CLOCK, Duration.ofDays(1));

    CompletableFuture<IngestOutcome> a = submit(batcher, "a");
    CompletableFuture<IngestOutcome> b = submit(batcher, "b");
    CompletableFuture<IngestOutcome> c = submit(batcher, "c");
    CompletableFuture<IngestOutcome> d = submit(batcher, "d");
    assertThat(b).isNotDone();
    firstBatchGate.tryEmitEmpty();

    for (CompletableFuture<IngestOutcome> f : List.of(a, b, c, d)) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(IngestOutcome.Created.class);
    }
    assertThat(batches).containsExactly(List.of("a"), List.of("b", "c", "d"));
    assertThat(store.findByIntakeId("c").block().id()).isEqualTo("lead-c");
  }

  @Test
  void a_failing_batch_is_stored_lead_by_lead_so_that_only_the_bad_lead_fails() throws Exception {
    Leads leads = leads(batch -> Mono.error(new IllegalStateException("batch refused")), "bad");
    IngestBatches batcher = new IngestBatches(leads, CLOCK, Duration.ofDays(1));

    CompletableFuture<IngestOutcome> a = submit(batcher, "a");
    CompletableFuture<IngestOutcome> b = submit(batcher, "b");
    CompletableFuture<IngestOutcome> bad = submit(batcher, "bad");
    firstBatchGate.tryEmitEmpty();

    assertThat(a.get(10, TimeUnit.SECONDS).lead().id()).isEqualTo("lead-a");
    assertThat(b.get(10, TimeUnit.SECONDS).lead().id()).isEqualTo("lead-b");
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("bad lead bad");
    assertThat(batches).containsExactly(List.of("a"), List.of("b", "bad"));
    assertThat(store.findByIntakeId("bad").block()).isNull();
  }
}
