package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.PostgresLeads.instant;
import static io.salesbot.adapter.postgres.PostgresLeads.required;
import static io.salesbot.adapter.postgres.PostgresLeads.time;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.sla.FollowUps;
import io.salesbot.core.sla.domain.Activity;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** {@link FollowUps} on PostgreSQL: one upsert that never moves the last activity backwards. */
final class PostgresFollowUps implements FollowUps {
  private final DatabaseClient db;

  PostgresFollowUps(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Activity> touch(String leadId, Address owner, Instant at) {
    return db.sql(
            "INSERT INTO lead_activity AS a (lead_id, owner, last_at) VALUES (:lead, :owner, :at)"
                + " ON CONFLICT (lead_id) DO UPDATE SET owner = EXCLUDED.owner,"
                + " last_at = CASE WHEN a.owner = EXCLUDED.owner"
                + " THEN GREATEST(a.last_at, EXCLUDED.last_at) ELSE EXCLUDED.last_at END"
                + " RETURNING a.lead_id, a.owner, a.last_at")
        .bind("lead", leadId)
        .bind("owner", owner.toString())
        .bind("at", time(at))
        .map(PostgresFollowUps::activity)
        .one();
  }

  @Override
  public Mono<Activity> find(String leadId) {
    return db.sql("SELECT a.lead_id, a.owner, a.last_at FROM lead_activity a WHERE a.lead_id = :l")
        .bind("l", leadId)
        .map(PostgresFollowUps::activity)
        .one();
  }

  private static Activity activity(Readable row) {
    return new Activity(
        required(row, "lead_id"), Address.parse(required(row, "owner")), instant(row, "last_at"));
  }
}
