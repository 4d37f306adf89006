package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.PostgresLeads.required;
import static io.salesbot.adapter.postgres.PostgresLeads.time;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.routing.RoutingState;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link RoutingState} on PostgreSQL: a team's turn is one upsert-increment (the row lock
 * serialises concurrent instances), duty is one row per rep.
 */
final class PostgresRoutingState implements RoutingState {
  private final DatabaseClient db;

  PostgresRoutingState(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Long> nextTurn(String teamId) {
    return db.sql(
            "INSERT INTO routing_turns AS r (team_id, turn) VALUES (:team, 0)"
                + " ON CONFLICT (team_id) DO UPDATE SET turn = r.turn + 1,"
                + " updated_at = clock_timestamp() RETURNING r.turn")
        .bind("team", teamId)
        .map(row -> Objects.requireNonNull(row.get("turn", Long.class)))
        .one();
  }

  @Override
  public Mono<Set<Address>> offDuty(Collection<Address> reps) {
    if (reps.isEmpty()) {
      return Mono.just(Set.of());
    }
    return db.sql("SELECT rep FROM rep_duty WHERE rep = ANY(:reps) AND NOT on_duty")
        .bind("reps", reps.stream().map(Address::toString).toArray(String[]::new))
        .map(row -> Address.parse(required(row, "rep")))
        .all()
        .collect(java.util.stream.Collectors.toSet());
  }

  @Override
  public Mono<Void> setDuty(Address rep, boolean onDuty, Instant at) {
    return db.sql(
            "INSERT INTO rep_duty (rep, on_duty, changed_at) VALUES (:rep, :on, :at)"
                + " ON CONFLICT (rep) DO UPDATE SET on_duty = EXCLUDED.on_duty,"
                + " changed_at = EXCLUDED.changed_at")
        .bind("rep", rep.toString())
        .bind("on", onDuty)
        .bind("at", time(at))
        .then();
  }
}
