package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.CardReferences;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link CardReferences} on PostgreSQL: table {@code card_references}, one row per platform, card
 * and person. Saving replaces the row; removing deletes it only while it holds the same reference.
 * Expired rows are not returned; each save also deletes a few long-expired rows.
 */
final class PostgresCardReferences implements CardReferences {
  private final DatabaseClient db;

  PostgresCardReferences(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Void> save(CardReference r) {
    return db.sql(
            "INSERT INTO card_references (platform, card_id, person, reference, expires_at)"
                + " VALUES (:platform, :cardId, :person, :reference, :expiresAt)"
                + " ON CONFLICT (platform, card_id, person) DO UPDATE"
                + " SET reference = EXCLUDED.reference, expires_at = EXCLUDED.expires_at,"
                + " saved_at = clock_timestamp()")
        .bind("platform", r.platform())
        .bind("cardId", r.cardId())
        .bind("person", r.person().toString())
        .bind("reference", r.reference())
        .bind("expiresAt", PostgresLeads.time(r.expiresAt()))
        .then()
        .then(
            db.sql(
                    "DELETE FROM card_references WHERE ctid IN (SELECT ctid FROM card_references"
                        + " WHERE expires_at < clock_timestamp() - interval '1 day' LIMIT 10)")
                .then());
  }

  @Override
  public Mono<CardReference> find(String platform, String cardId, Address person, Instant now) {
    return db.sql(
            "SELECT reference, expires_at FROM card_references"
                + " WHERE platform = :platform AND card_id = :cardId AND person = :person"
                + " AND expires_at > :now")
        .bind("platform", platform)
        .bind("cardId", cardId)
        .bind("person", person.toString())
        .bind("now", PostgresLeads.time(now))
        .map(
            row ->
                new CardReference(
                    platform,
                    cardId,
                    person,
                    PostgresLeads.required(row, "reference"),
                    PostgresLeads.instant(row, "expires_at")))
        .one();
  }

  @Override
  public Mono<Void> remove(CardReference r) {
    return db.sql(
            "DELETE FROM card_references WHERE platform = :platform AND card_id = :cardId"
                + " AND person = :person AND reference = :reference")
        .bind("platform", r.platform())
        .bind("cardId", r.cardId())
        .bind("person", r.person().toString())
        .bind("reference", r.reference())
        .then();
  }

  @Override
  public Mono<Boolean> consume(String platform, String reference) {
    return db.sql(
            "DELETE FROM card_references WHERE platform = :platform AND reference = :reference")
        .bind("platform", platform)
        .bind("reference", reference)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }
}
