package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import io.salesbot.core.lead.IntakeFallback;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link IntakeFallback} on PostgreSQL: table {@code intake_fallback}, one row per event id (a lead
 * submission's id is its intake id), the event stored as {@link InboundEventCodec}'s flat map in a
 * {@code jsonb}.
 */
final class PostgresIntakeFallback implements IntakeFallback {
  private static final System.Logger LOG = System.getLogger(PostgresIntakeFallback.class.getName());

  private final DatabaseClient db;

  PostgresIntakeFallback(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Boolean> store(InboundEvent event) {
    return db.sql(
            "INSERT INTO intake_fallback (intake_id, fields) VALUES (:intakeId, CAST(:fields AS jsonb))"
                + " ON CONFLICT (intake_id) DO NOTHING")
        .bind("intakeId", event.eventId())
        .bind("fields", FlatJson.write(InboundEventCodec.encode(event)))
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  /** Oldest first. A row that no longer decodes to an event is skipped with a warning, and kept. */
  @Override
  public Flux<InboundEvent> pending(int limit) {
    if (limit <= 0) {
      return Flux.empty();
    }
    return db.sql(
            "SELECT intake_id, fields::text AS fields FROM intake_fallback"
                + " ORDER BY created_at, intake_id LIMIT :limit")
        .bind("limit", limit)
        .map(
            row ->
                new Parked(
                    PostgresLeads.required(row, "intake_id"),
                    PostgresLeads.required(row, "fields")))
        .all()
        .concatMap(
            parked -> {
              InboundEvent event = decode(parked.fields());
              if (event != null) {
                return Mono.just(event);
              }
              LOG.log(
                  Level.WARNING,
                  "intake_fallback row {0} does not decode to an inbound event; left in place",
                  parked.intakeId());
              return Mono.empty();
            });
  }

  /** Null when unreadable; an unsupported event only when it was parked as one. */
  private static @Nullable InboundEvent decode(String fields) {
    try {
      java.util.Map<String, String> map = FlatJson.read(fields);
      InboundEvent event = InboundEventCodec.decode(map);
      if (event instanceof InboundEvent.Unsupported
          && !"unsupported".equals(map.get(InboundEventCodec.TYPE))) {
        return null;
      }
      return event;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public Mono<Void> remove(String eventId) {
    return db.sql("DELETE FROM intake_fallback WHERE intake_id = :intakeId")
        .bind("intakeId", eventId)
        .then();
  }

  private record Parked(String intakeId, String fields) {}
}
