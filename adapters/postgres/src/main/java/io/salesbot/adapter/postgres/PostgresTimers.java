package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.PostgresLeads.instant;
import static io.salesbot.adapter.postgres.PostgresLeads.required;
import static io.salesbot.adapter.postgres.PostgresLeads.time;

import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * One statement for the list ({@code unnest}); of two timers with one id, the first in the list
   * wins, as one by one.
   */
  @Override
  public Mono<Void> scheduleAll(List<Timer> timers) {
    Map<String, Timer> first = new LinkedHashMap<>();
    for (Timer t : timers) {
      first.putIfAbsent(t.id(), t);
    }
    if (first.isEmpty()) {
      return Mono.empty();
    }
    if (first.size() == 1) {
      return schedule(first.values().iterator().next());
    }
    List<String[]> rows = new ArrayList<>();
    for (Timer t : first.values()) {
      rows.add(
          new String[] {
            t.id(),
            t.kind(),
            t.leadId(),
            t.dueAt().truncatedTo(ChronoUnit.MICROS).toString(),
            t.data()
          });
    }
    String[][] columns = UnnestColumns.of(5, rows);
    return db.sql(
            "INSERT INTO timers (id, kind, lead_id, due_at, data)"
                + " SELECT id, kind, lead_id, CAST(due_at AS timestamptz), data"
                + " FROM unnest(CAST(:ids AS text[]), CAST(:kinds AS text[]),"
                + " CAST(:leads AS text[]), CAST(:dues AS text[]), CAST(:data AS text[]))"
                + " AS t(id, kind, lead_id, due_at, data)"
                + " ON CONFLICT (id) DO NOTHING")
        .bind("ids", columns[0])
        .bind("kinds", columns[1])
        .bind("leads", columns[2])
        .bind("dues", columns[3])
        .bind("data", columns[4])
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
