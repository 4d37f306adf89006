package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Disputes;
import io.salesbot.core.score.domain.Dispute;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Disputes} on PostgreSQL: table {@code score_disputes}, one row per dispute; the answer is
 * one conditional {@code UPDATE … WHERE state = 'OPEN'}.
 */
final class PostgresDisputes implements Disputes {
  private static final String COLUMNS =
      "id, rep, team, period, version, comment, opened_at, request, state, dimension, value,"
          + " answer, answered_by, answered_at, answer_request";

  private final DatabaseClient db;

  PostgresDisputes(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Boolean> open(Dispute d) {
    return db.sql(
            "INSERT INTO score_disputes (id, rep, team, period, version, comment, opened_at,"
                + " request, state) VALUES (:id, :rep, :team, :period, :version, :comment, :at,"
                + " :request, 'OPEN') ON CONFLICT DO NOTHING")
        .bind("id", d.id())
        .bind("rep", d.rep().toString())
        .bind("team", d.team())
        .bind("period", d.period().toString())
        .bind("version", d.version())
        .bind("comment", d.comment())
        .bind("at", PostgresLeads.time(d.openedAt()))
        .bind("request", d.request())
        .fetch()
        .rowsUpdated()
        .map(n -> n == 1);
  }

  @Override
  public Mono<Dispute> find(String id) {
    return db.sql("SELECT " + COLUMNS + " FROM score_disputes WHERE id = :id")
        .bind("id", id)
        .map(PostgresDisputes::dispute)
        .one();
  }

  @Override
  public Mono<Boolean> answer(Dispute a) {
    if (a.isOpen() || a.answeredBy() == null || a.answeredAt() == null) {
      return Mono.just(false);
    }
    GenericExecuteSpec spec =
        db.sql(
                "UPDATE score_disputes SET state = :state, dimension = :dimension, value = :value,"
                    + " answer = :answer, answered_by = :by, answered_at = :at,"
                    + " answer_request = :request WHERE id = :id AND state = 'OPEN'")
            .bind("state", a.state().name())
            .bind("by", a.answeredBy().toString())
            .bind("at", PostgresLeads.time(a.answeredAt()))
            .bind("id", a.id());
    spec = PostgresLeads.text(spec, "dimension", a.dimension());
    spec = PostgresLeads.text(spec, "answer", a.answer());
    spec = PostgresLeads.text(spec, "request", a.answerRequest());
    spec =
        a.value() == null
            ? spec.bindNull("value", BigDecimal.class)
            : spec.bind("value", a.value());
    return spec.fetch().rowsUpdated().map(n -> n == 1);
  }

  @Override
  public Flux<Dispute> openOf(String team) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM score_disputes WHERE team = :team AND state = 'OPEN'"
                + " ORDER BY opened_at, id")
        .bind("team", team)
        .map(PostgresDisputes::dispute)
        .all();
  }

  @Override
  public Flux<Dispute> answeredOf(String team, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM score_disputes WHERE team = :team AND state <> 'OPEN'"
                + " ORDER BY answered_at DESC, id DESC LIMIT :limit")
        .bind("team", team)
        .bind("limit", limit)
        .map(PostgresDisputes::dispute)
        .all();
  }

  @Override
  public Flux<Dispute> ofRep(Address rep, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM score_disputes WHERE rep = :rep"
                + " ORDER BY opened_at DESC, id DESC LIMIT :limit")
        .bind("rep", rep.toString())
        .bind("limit", limit)
        .map(PostgresDisputes::dispute)
        .all();
  }

  private static Dispute dispute(Readable row) {
    String answeredBy = row.get("answered_by", String.class);
    OffsetDateTime answeredAt = row.get("answered_at", OffsetDateTime.class);
    Integer version = row.get("version", Integer.class);
    return new Dispute(
        PostgresLeads.required(row, "id"),
        Address.parse(PostgresLeads.required(row, "rep")),
        PostgresLeads.required(row, "team"),
        YearMonth.parse(PostgresLeads.required(row, "period")),
        version == null ? 0 : version,
        PostgresLeads.required(row, "comment"),
        PostgresLeads.instant(row, "opened_at"),
        PostgresLeads.required(row, "request"),
        Dispute.State.valueOf(PostgresLeads.required(row, "state")),
        row.get("dimension", String.class),
        row.get("value", BigDecimal.class),
        row.get("answer", String.class),
        answeredBy == null ? null : Address.parse(answeredBy),
        answeredAt == null ? null : answeredAt.toInstant(),
        row.get("answer_request", String.class));
  }
}
