package io.salesbot.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.testing.InMemoryDeals;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.TestTeams;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The demo deals when PostgreSQL is slow at start-up: tried again a bounded number of times, and a
 * clear warning when they cannot be written — never a quiet start without them.
 */
class DemoDealsLoaderTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T02:00:00Z"));
  final InMemoryLeads memory = new InMemoryLeads();
  final InMemoryDeals deals = new InMemoryDeals();
  final List<String> warnings = new CopyOnWriteArrayList<>();

  /**
   * The in-memory leads, but the first {@code failures} lookups by intake id fail as an R2DBC pool
   * that timed out does.
   */
  Leads slowAtFirst(int failures) {
    AtomicInteger left = new AtomicInteger(failures);
    return (Leads)
        Proxy.newProxyInstance(
            Leads.class.getClassLoader(),
            new Class<?>[] {Leads.class},
            (proxy, method, args) -> {
              if (method.getName().equals("findByIntakeId")) {
                // like a query: it runs when subscribed to, each time
                return Mono.defer(
                    () ->
                        left.getAndDecrement() > 0
                            ? Mono.error(
                                new TimeoutException("Did not observe any item or terminal"))
                            : memory.findByIntakeId((String) args[0]));
              }
              try {
                return method.invoke(memory, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  DemoDealsLoader loader(Leads leads) {
    DemoDeals demo =
        new DemoDeals(leads, deals, TestTeams.directory(), StageSettings.defaults(), clock);
    return new DemoDealsLoader(demo, Duration.ofMillis(1), "/srv/try/.salesbot", warnings::add);
  }

  @Test
  void tries_again_while_postgres_is_slow_and_then_writes_them_all() {
    int created = loader(slowAtFirst(2)).load().block();

    assertThat(created).isEqualTo(18);
    assertThat(warnings)
        .hasSize(2)
        .allSatisfy(w -> assertThat(w).contains("could not write the demo deals", "trying again"));
    assertThat(warnings.get(0)).contains("attempt 1 of 6", "TimeoutException");
  }

  @Test
  void gives_up_after_a_bounded_number_of_tries_and_says_what_to_do() {
    int created = loader(slowAtFirst(Integer.MAX_VALUE)).load().block();

    assertThat(created).isZero();
    assertThat(deals.openOfTeam("east").collectList().block()).isEmpty();
    assertThat(warnings).hasSize(DemoDealsLoader.RETRIES + 1);
    assertThat(warnings.get(warnings.size() - 1))
        .contains(
            "could not write the demo deals after 6 attempts",
            "TimeoutException",
            "/deals, /funnel",
            "restart salesbot",
            "/srv/try/.salesbot");
  }

  @Test
  void a_half_written_demo_is_told_not_taken_for_done() {
    loader(memory).load().block();
    // the last demo deal lost, as when an earlier start stopped half-way
    InMemoryDeals none = new InMemoryDeals();
    DemoDeals half =
        new DemoDeals(memory, none, TestTeams.directory(), StageSettings.defaults(), clock);
    warnings.clear();

    int created =
        new DemoDealsLoader(half, Duration.ofMillis(1), "/srv/try/.salesbot", warnings::add)
            .load()
            .block();

    assertThat(created).isZero();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains(
            "the demo deals are incomplete", "delete the try-out data folder /srv/try/.salesbot");
  }

  @Test
  void a_complete_demo_is_left_alone_without_a_warning() {
    assertThat(loader(memory).load().block()).isEqualTo(18);
    assertThat(loader(memory).load().block()).isZero();
    assertThat(warnings).isEmpty();
  }
}
