package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL freezes (every server process stopped with SIGSTOP: connections hang, the pool times
 * out) for longer than {@code reclaim-idle} × {@code max-deliveries} (3 s × 3 in the test profile)
 * while leads keep arriving through Redis. Before, each in-flight lead spent its deliveries on the
 * frozen database and ended in the dead letters; now the pipeline pauses and routes every lead once
 * PostgreSQL answers.
 *
 * <p>It runs in the context the other end-to-end classes share, on purpose: queries cancelled
 * during the freeze used to leave pooled connections inside transactions nobody owned, and the
 * classes that came after it saw leads flip between routed and new and handlers time out (see
 * {@code CleanConnections} in the PostgreSQL adapter).
 */
class PostgresOutageTest extends EndToEndSupport {
  private static final Duration OLD_LIMIT = Duration.ofSeconds(3 * 3);

  @Test
  void leads_arriving_while_postgres_is_frozen_are_all_routed_afterwards_none_dead_lettered() {
    List<String> intakeIds = new ArrayList<>();
    try (FrozenPostgres frozen = FrozenPostgres.freeze()) {
      for (int i = 0; i < 3; i++) {
        intakeIds.add(
            submit(
                "{\"name\":\"冻结客户"
                    + i
                    + "\",\"phone\":\""
                    + randomPhone()
                    + "\",\"region\":\"华南\"}"));
      }
      // The outage outlasts every delivery the old pipeline would have spent; no lead may end in
      // the dead letters meanwhile.
      await()
          .during(OLD_LIMIT.plusSeconds(3))
          .atMost(OLD_LIMIT.plusSeconds(10))
          .until(() -> deadLettered(intakeIds).isEmpty());
    }

    for (String intakeId : intakeIds) {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")));
    }
    assertThat(deadLettered(intakeIds)).isEmpty();

    // Every pooled connection is usable afterwards: a lead arriving now is routed, and each
    // routed lead reads the same on every connection (no write stranded in a forgotten
    // transaction).
    String after =
        submit("{\"name\":\"解冻后客户\",\"phone\":\"" + randomPhone() + "\",\"region\":\"华南\"}");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> lead(after), l -> "POOLED".equals(l.get("status")));
    for (int read = 0; read < 20; read++) {
      for (String intakeId : intakeIds) {
        assertThat(lead(intakeId).get("status"))
            .as("read %d of %s", read, intakeId)
            .isEqualTo("POOLED");
      }
    }
  }

  private List<Object> deadLettered(List<String> intakeIds) {
    return deadLetters().stream()
        .map(d -> ((Map<?, ?>) d.get("fields")).get("eventId"))
        .filter(intakeIds::contains)
        .map(Object.class::cast)
        .toList();
  }
}
