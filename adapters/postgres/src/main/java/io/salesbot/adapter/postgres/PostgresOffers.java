package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.PostgresLeads.instant;
import static io.salesbot.adapter.postgres.PostgresLeads.required;
import static io.salesbot.adapter.postgres.PostgresLeads.time;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.routing.Offers;
import io.salesbot.core.routing.domain.Offer;
import io.salesbot.core.routing.domain.OfferState;
import java.time.Instant;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Offers} on PostgreSQL: insert-once per (lead, attempt), conditional close. */
final class PostgresOffers implements Offers {
  private static final String COLUMNS = "lead_id, attempt, rep, state, offered_at, expires_at";

  private final DatabaseClient db;

  PostgresOffers(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Offer> open(Offer offer) {
    return db.sql(
            "INSERT INTO lead_offers ("
                + COLUMNS
                + ") VALUES (:lead, :attempt, :rep, :state, :offered, :expires)"
                + " ON CONFLICT (lead_id, attempt) DO NOTHING RETURNING "
                + COLUMNS)
        .bind("lead", offer.leadId())
        .bind("attempt", offer.attempt())
        .bind("rep", offer.rep().toString())
        .bind("state", offer.state().name())
        .bind("offered", time(offer.offeredAt()))
        .bind("expires", time(offer.expiresAt()))
        .map(PostgresOffers::offer)
        .one()
        .switchIfEmpty(
            Mono.defer(
                () -> of(offer.leadId()).filter(o -> o.attempt() == offer.attempt()).next()));
  }

  @Override
  public Mono<Offer> close(String leadId, int attempt, Address rep, OfferState state, Instant at) {
    return db.sql(
            "UPDATE lead_offers SET state = :state, closed_at = :at"
                + " WHERE lead_id = :lead AND attempt = :attempt AND rep = :rep AND state = :open"
                + " RETURNING "
                + COLUMNS)
        .bind("state", state.name())
        .bind("at", time(at))
        .bind("lead", leadId)
        .bind("attempt", attempt)
        .bind("rep", rep.toString())
        .bind("open", OfferState.OPEN.name())
        .map(PostgresOffers::offer)
        .one();
  }

  @Override
  public Flux<Offer> of(String leadId) {
    return db.sql("SELECT " + COLUMNS + " FROM lead_offers WHERE lead_id = :lead ORDER BY attempt")
        .bind("lead", leadId)
        .map(PostgresOffers::offer)
        .all();
  }

  private static Offer offer(Readable row) {
    return new Offer(
        required(row, "lead_id"),
        Objects.requireNonNull(row.get("attempt", Integer.class)),
        Address.parse(required(row, "rep")),
        OfferState.valueOf(required(row, "state")),
        instant(row, "offered_at"),
        instant(row, "expires_at"));
  }
}
