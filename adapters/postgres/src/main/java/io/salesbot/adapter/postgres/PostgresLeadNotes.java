package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.lead.domain.LeadNote;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link LeadNotes} on PostgreSQL: table {@code lead_notes}, unique per (lead, event). */
final class PostgresLeadNotes implements LeadNotes {
  private final DatabaseClient db;

  PostgresLeadNotes(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Boolean> add(LeadNote n) {
    return db.sql(
            "INSERT INTO lead_notes (lead_id, author, text, event_id, at)"
                + " VALUES (:lead, :author, :text, :event, :at)"
                + " ON CONFLICT (lead_id, event_id) DO NOTHING")
        .bind("lead", n.leadId())
        .bind("author", n.author().toString())
        .bind("text", n.text())
        .bind("event", n.eventId())
        .bind("at", PostgresLeads.time(n.at()))
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  @Override
  public Flux<LeadNote> of(String leadId) {
    return db.sql(
            "SELECT lead_id, author, text, event_id, at FROM lead_notes"
                + " WHERE lead_id = :lead ORDER BY at, id")
        .bind("lead", leadId)
        .map(PostgresLeadNotes::row)
        .all();
  }

  private static LeadNote row(Readable row) {
    return new LeadNote(
        PostgresLeads.required(row, "lead_id"),
        Address.parse(PostgresLeads.required(row, "author")),
        PostgresLeads.required(row, "text"),
        PostgresLeads.required(row, "event_id"),
        PostgresLeads.instant(row, "at"));
  }
}
