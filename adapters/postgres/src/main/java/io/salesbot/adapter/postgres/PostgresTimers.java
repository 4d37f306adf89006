package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.PostgresLeads.instant;
import static io.salesbot.adapter.postgres.PostgresLeads.required;
import static io.salesbot.adapter.postgres.PostgresLeads.time;

import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Timers} on PostgreSQL. {@link #claimDue} leases due rows in one statement with {@code FOR
 * UPDATE SKIP LOCKED}: concurrent pollers on any number of instances skip each other's rows instead
 * of waiting, and never lease the same row twice while a lease runs.
 */
final class PostgresTimers implements Timers {
  private final DatabaseClient db;

  PostgresTimers(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Void> schedule(Timer timer) {
    return db.sql(
            "INSERT INTO timers (id, kind, lead_id, due_at, data)"
                + " VALUES (:id, :kind, :lead, :due, :data) ON CONFLICT (id) DO NOTHING")
        .bind("id", timer.id())
        .bind("kind", timer.kind())
        .bind("lead", timer.leadId())
        .bind("due", time(timer.dueAt()))
        .bind("data", timer.data())
        .then();
  }

  @Override
  public Flux<Timer> claimDue(Instant now, int limit, Duration lease) {
    return db.sql(
            "UPDATE timers AS t SET leased_until = :until, attempts = t.attempts + 1"
                + " FROM (SELECT id FROM timers"
                + "   WHERE due_at <= :now AND (leased_until IS NULL OR leased_until <= :now)"
                + "   ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED) AS due"
                + " WHERE t.id = due.id RETURNING t.id, t.kind, t.lead_id, t.due_at, t.data")
        .bind("until", time(now.plus(lease)))
        .bind("now", time(now))
        .bind("limit", limit)
        .map(
            row ->
                new Timer(
                    required(row, "id"),
                    required(row, "kind"),
                    required(row, "lead_id"),
                    instant(row, "due_at"),
                    required(row, "data")))
        .all();
  }

  @Override
  public Mono<Void> done(String timerId) {
    return db.sql("DELETE FROM timers WHERE id = :id").bind("id", timerId).then();
  }

  @Override
  public Mono<Instant> earliestDue(Instant now) {
    return db.sql("SELECT min(due_at) AS earliest FROM timers WHERE due_at <= :now")
        .bind("now", time(now))
        .map(row -> Optional.ofNullable(row.get("earliest", OffsetDateTime.class)))
        .one()
        .flatMap(Mono::justOrEmpty)
        .map(OffsetDateTime::toInstant);
  }
}
