package io.salesbot.core.routing;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.ZHAOLIU;
import static io.salesbot.core.testing.contract.ContractFixtures.audit;
import static io.salesbot.core.testing.contract.ContractFixtures.pooled;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.RepLoad;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.InMemoryRoutingState;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class TeamReadsTest {
  private final InMemoryLeads store = new InMemoryLeads();
  private final InMemoryRoutingState duty = new InMemoryRoutingState();

  /** Each read that reached a store: its reps (and day start, for loads). */
  private final List<String> reads = new CopyOnWriteArrayList<>();

  /** The first read waits for this before the store answers it. */
  private final Sinks.Empty<Void> gate = Sinks.empty();

  private Mono<Void> gateFirst(String read) {
    Mono<Void> wait = reads.isEmpty() ? gate.asMono() : Mono.empty();
    reads.add(read);
    return wait;
  }

  private final RoutingState gatedDuty =
      new RoutingState() {
        @Override
        public Mono<Long> nextTurn(String teamId) {
          return duty.nextTurn(teamId);
        }

        @Override
        public Mono<Set<Address>> offDuty(Collection<Address> reps) {
          return gateFirst(reps.toString()).then(duty.offDuty(reps));
        }

        @Override
        public Mono<Void> setDuty(Address rep, boolean onDuty, Instant at) {
          return duty.setDuty(rep, onDuty, at);
        }
      };

  private final Leads gatedLeads =
      (Leads)
          Proxy.newProxyInstance(
              Leads.class.getClassLoader(),
              new Class<?>[] {Leads.class},
              (proxy, method, args) -> {
                if (method.getName().equals("loads")) {
                  @SuppressWarnings("unchecked")
                  Collection<Address> reps = (Collection<Address>) args[0];
                  return gateFirst(reps + " " + args[1])
                      .then(Mono.defer(() -> store.loads(reps, (Instant) args[1])));
                }
                try {
                  return method.invoke(store, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });

  private final TeamReads teamReads = new TeamReads(gatedLeads, gatedDuty, TeamChannels.NONE);

  private static <T> T done(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void duty_reads_arriving_while_one_is_under_way_go_together_and_each_gets_its_own_reps()
      throws Exception {
    duty.setDuty(WANGWU, false, T0).block();
    duty.setDuty(ZHAOLIU, false, T0).block();

    CompletableFuture<Set<Address>> first = teamReads.offDuty(List.of(LISI)).toFuture();
    CompletableFuture<Set<Address>> a = teamReads.offDuty(List.of(LISI, WANGWU)).toFuture();
    CompletableFuture<Set<Address>> b = teamReads.offDuty(List.of(ZHAOLIU)).toFuture();
    assertThat(a).isNotDone();
    gate.tryEmitEmpty();

    assertThat(done(first)).isEmpty();
    assertThat(done(a)).containsExactly(WANGWU);
    assertThat(done(b)).containsExactly(ZHAOLIU);
    assertThat(reads)
        .containsExactly(List.of(LISI).toString(), List.of(LISI, WANGWU, ZHAOLIU).toString());
  }

  @Test
  void load_reads_go_together_once_per_day_start_and_each_gets_its_own_reps() throws Exception {
    Lead lead = pooled(store, "i1", "east");
    store.claim(lead.id(), LISI, T0, audit(lead.id(), "lisi", "claimed", "c-1")).block();
    Instant yesterday = T0.minus(Duration.ofHours(1));
    Instant tomorrow = T0.plus(Duration.ofHours(1));

    CompletableFuture<Map<Address, RepLoad>> first =
        teamReads.loads(List.of(ZHAOLIU), yesterday).toFuture();
    CompletableFuture<Map<Address, RepLoad>> today =
        teamReads.loads(List.of(LISI), yesterday).toFuture();
    CompletableFuture<Map<Address, RepLoad>> later =
        teamReads.loads(List.of(LISI, WANGWU), tomorrow).toFuture();
    CompletableFuture<Map<Address, RepLoad>> again =
        teamReads.loads(List.of(WANGWU), yesterday).toFuture();
    gate.tryEmitEmpty();

    assertThat(done(first)).isEqualTo(Map.of(ZHAOLIU, RepLoad.NONE));
    assertThat(done(today)).isEqualTo(Map.of(LISI, new RepLoad(1, 1)));
    assertThat(done(later)).isEqualTo(Map.of(LISI, new RepLoad(1, 0), WANGWU, RepLoad.NONE));
    assertThat(done(again)).isEqualTo(Map.of(WANGWU, RepLoad.NONE));
    assertThat(reads)
        .containsExactly(
            List.of(ZHAOLIU) + " " + yesterday,
            "[" + LISI + ", " + WANGWU + "] " + yesterday,
            "[" + LISI + ", " + WANGWU + "] " + tomorrow);
  }
}
