package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.PostgresLeads.instant;
import static io.salesbot.adapter.postgres.PostgresLeads.required;
import static io.salesbot.adapter.postgres.PostgresLeads.time;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.sla.domain.SlaClock;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link SlaClocks} on PostgreSQL: every change a conditional update with {@code RETURNING}. */
final class PostgresSlaClocks implements SlaClocks {
  private static final String COLUMNS =
      "s.lead_id, s.owner, s.started_at, s.due_at, s.contacted_at, s.channel, s.breached_at";

  private final DatabaseClient db;

  PostgresSlaClocks(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<SlaClock> start(SlaClock c) {
    return db.sql(
            "INSERT INTO lead_sla AS s (lead_id, owner, started_at, due_at)"
                + " VALUES (:lead, :owner, :started, :due)"
                + " ON CONFLICT (lead_id) DO UPDATE SET owner = EXCLUDED.owner,"
                + " started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at,"
                + " contacted_at = NULL, channel = NULL, breached_at = NULL"
                + " WHERE s.owner <> EXCLUDED.owner OR s.started_at <> EXCLUDED.started_at"
                + " RETURNING "
                + COLUMNS)
        .bind("lead", c.leadId())
        .bind("owner", c.owner().toString())
        .bind("started", time(c.startedAt()))
        .bind("due", time(c.dueAt()))
        .map(PostgresSlaClocks::clock)
        .one()
        .switchIfEmpty(Mono.defer(() -> find(c.leadId())));
  }

  @Override
  public Mono<SlaClock> find(String leadId) {
    return db.sql("SELECT " + COLUMNS + " FROM lead_sla s WHERE s.lead_id = :lead")
        .bind("lead", leadId)
        .map(PostgresSlaClocks::clock)
        .one();
  }

  @Override
  public Mono<SlaClock> contacted(
      String leadId, Address owner, ContactChannel channel, Instant at) {
    return db.sql(
            "UPDATE lead_sla AS s SET contacted_at = :at, channel = :channel"
                + " WHERE s.lead_id = :lead AND s.owner = :owner AND s.contacted_at IS NULL"
                + " RETURNING "
                + COLUMNS)
        .bind("at", time(at))
        .bind("channel", channel.name())
        .bind("lead", leadId)
        .bind("owner", owner.toString())
        .map(PostgresSlaClocks::clock)
        .one();
  }

  @Override
  public Mono<SlaClock> breach(String leadId, Instant dueAt, Instant at) {
    return db.sql(
            "UPDATE lead_sla AS s SET breached_at = :at"
                + " WHERE s.lead_id = :lead AND s.due_at = :due AND s.contacted_at IS NULL"
                + " AND s.breached_at IS NULL RETURNING "
                + COLUMNS)
        .bind("at", time(at))
        .bind("lead", leadId)
        .bind("due", time(dueAt))
        .map(PostgresSlaClocks::clock)
        .one();
  }

  @Override
  public Mono<SlaClock> extend(String leadId, Instant seenDue, Instant newDue) {
    return db.sql(
            "UPDATE lead_sla AS s SET due_at = :new, breached_at = NULL"
                + " WHERE s.lead_id = :lead AND s.due_at = :seen AND s.contacted_at IS NULL"
                + " RETURNING "
                + COLUMNS)
        .bind("new", time(newDue))
        .bind("lead", leadId)
        .bind("seen", time(seenDue))
        .map(PostgresSlaClocks::clock)
        .one();
  }

  @Override
  public Flux<SlaClock> startedSince(String teamId, Instant since) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM lead_sla s JOIN leads l ON l.id = s.lead_id"
                + " WHERE l.team_id = :team AND s.started_at >= :since ORDER BY s.started_at")
        .bind("team", teamId)
        .bind("since", time(since))
        .map(PostgresSlaClocks::clock)
        .all();
  }

  private static SlaClock clock(Readable row) {
    String channel = row.get("channel", String.class);
    return new SlaClock(
        required(row, "lead_id"),
        Address.parse(required(row, "owner")),
        instant(row, "started_at"),
        instant(row, "due_at"),
        optional(row, "contacted_at"),
        channel == null ? null : ContactChannel.valueOf(channel),
        optional(row, "breached_at"));
  }

  private static @Nullable Instant optional(Readable row, String column) {
    OffsetDateTime t = row.get(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
