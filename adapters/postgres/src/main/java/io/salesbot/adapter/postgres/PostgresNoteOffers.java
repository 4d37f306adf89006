package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.NoteOffers;
import io.salesbot.core.lead.domain.LeadNote;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link NoteOffers} on PostgreSQL: tables {@code note_acts} (one row per person, the later act
 * wins in one conditional upsert) and {@code note_offers} (one row per offered message).
 */
final class PostgresNoteOffers implements NoteOffers {
  private final DatabaseClient db;

  PostgresNoteOffers(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Void> acted(Address person, String leadId, Instant at) {
    return db.sql(
            "INSERT INTO note_acts AS a (person, lead_id, at) VALUES (:person, :lead, :at)"
                + " ON CONFLICT (person) DO UPDATE SET lead_id = EXCLUDED.lead_id, at = EXCLUDED.at"
                + " WHERE a.at <= EXCLUDED.at")
        .bind("person", person.toString())
        .bind("lead", leadId)
        .bind("at", PostgresLeads.time(at))
        .then();
  }

  @Override
  public Mono<String> lastActed(Address person, Instant since) {
    return db.sql("SELECT lead_id FROM note_acts WHERE person = :person AND at >= :since")
        .bind("person", person.toString())
        .bind("since", PostgresLeads.time(since))
        .map(row -> PostgresLeads.required(row, "lead_id"))
        .one();
  }

  @Override
  public Mono<Void> keep(LeadNote n) {
    return db.sql(
            "INSERT INTO note_offers (event_id, lead_id, author, text, at)"
                + " VALUES (:event, :lead, :author, :text, :at) ON CONFLICT (event_id) DO NOTHING")
        .bind("event", n.eventId())
        .bind("lead", n.leadId())
        .bind("author", n.author().toString())
        .bind("text", n.text())
        .bind("at", PostgresLeads.time(n.at()))
        .then();
  }

  @Override
  public Mono<LeadNote> find(String eventId) {
    return db.sql(
            "SELECT lead_id, author, text, event_id, at FROM note_offers WHERE event_id = :event")
        .bind("event", eventId)
        .map(
            row ->
                new LeadNote(
                    PostgresLeads.required(row, "lead_id"),
                    Address.parse(PostgresLeads.required(row, "author")),
                    PostgresLeads.required(row, "text"),
                    PostgresLeads.required(row, "event_id"),
                    PostgresLeads.instant(row, "at")))
        .one();
  }

  @Override
  public Mono<Void> drop(String eventId) {
    return db.sql("DELETE FROM note_offers WHERE event_id = :event").bind("event", eventId).then();
  }
}
