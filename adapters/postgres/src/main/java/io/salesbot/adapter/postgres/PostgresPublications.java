package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Publications;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.PublicationState;
import io.salesbot.core.score.domain.PublishedScore;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Publications} on PostgreSQL ({@code V60__score_publications.sql}): a version's header and
 * scores are written with the month's state and the audit entry in one transaction, and only when
 * the state row says the previous version is the newest (the conditional write of the state row
 * serialises two publishers of one month: the second waits for the row and then finds it moved).
 */
final class PostgresPublications implements Publications {
  private final DatabaseClient db;
  private final TransactionalOperator tx;

  PostgresPublications(DatabaseClient db, TransactionalOperator tx) {
    this.db = db;
    this.tx = tx;
  }

  @Override
  public Mono<Boolean> publish(Publication next, PublicationEvent audit) {
    Mono<Boolean> write =
        db.sql(
                next.version() == 1
                    // a hold may have made the row already, with nothing published (latest 0)
                    ? "INSERT INTO score_publication_state (period, in_force, latest, held)"
                        + " VALUES (:p, :v, :v, false) ON CONFLICT (period) DO UPDATE SET"
                        + " in_force = :v, latest = :v, held = false"
                        + " WHERE score_publication_state.latest = 0"
                    : "UPDATE score_publication_state SET in_force = :v, latest = :v, held = false"
                        + " WHERE period = :p AND latest = :v - 1")
            .bind("p", next.period().toString())
            .bind("v", next.version())
            .fetch()
            .rowsUpdated()
            .flatMap(
                n ->
                    n != 1
                        ? Mono.just(false)
                        : header(next)
                            .thenMany(Flux.range(0, next.scores().size()))
                            .concatMap(i -> score(next, i))
                            .then(audit(audit))
                            .thenReturn(true));
    return tx.transactional(write);
  }

  private Mono<Void> header(Publication p) {
    return db.sql(
            "INSERT INTO score_publications (period, version, published_at, published_by)"
                + " VALUES (:p, :v, :at, :by)")
        .bind("p", p.period().toString())
        .bind("v", p.version())
        .bind("at", PostgresLeads.time(p.publishedAt()))
        .bind("by", p.publishedBy().toString())
        .then();
  }

  private Mono<Void> score(Publication p, int position) {
    PublishedScore s = p.scores().get(position);
    Map<String, String> axes = new LinkedHashMap<>();
    s.axes().forEach((k, v) -> axes.put(k, v.toPlainString()));
    var spec =
        db.sql(
                "INSERT INTO score_publication_scores (period, version, position, rep, team,"
                    + " composite, team_rank, company_rank, axes, strongest, weakest, records,"
                    + " withheld) VALUES (:p, :v, :pos, :rep, :team, :composite, :teamRank,"
                    + " :companyRank, CAST(:axes AS jsonb), :strongest, :weakest, :records,"
                    + " :withheld)")
            .bind("p", p.period().toString())
            .bind("v", p.version())
            .bind("pos", position)
            .bind("rep", s.rep().toString())
            .bind("team", s.team())
            .bind("composite", s.composite())
            .bind("teamRank", s.teamRank())
            .bind("companyRank", s.companyRank())
            .bind("axes", FlatJson.write(axes))
            .bind("records", s.records().toArray(String[]::new))
            .bind("withheld", p.withheld().contains(s.rep()));
    spec = PostgresLeads.text(spec, "strongest", s.strongest());
    return PostgresLeads.text(spec, "weakest", s.weakest()).then();
  }

  private Mono<Void> audit(PublicationEvent e) {
    return db.sql(
            "INSERT INTO score_publication_audit (period, action, version, by_whom, reason, at,"
                + " request) VALUES (:p, :action, :v, :by, :reason, :at, :request)")
        .bind("p", e.period().toString())
        .bind("action", e.action().name().toLowerCase(Locale.ROOT))
        .bind("v", e.version())
        .bind("by", e.by().toString())
        .bind("reason", e.reason())
        .bind("at", PostgresLeads.time(e.at()))
        .bind("request", e.request())
        .then();
  }

  @Override
  public Mono<Publication> version(YearMonth period, int version) {
    return read(period, version, true);
  }

  @Override
  public Mono<Publication> shown(YearMonth period, int version) {
    return read(period, version, false);
  }

  /** A version's header, then its scores (with or without the records behind them) in one read. */
  private Mono<Publication> read(YearMonth period, int version, boolean withRecords) {
    Mono<List<Withheld>> scores =
        db.sql(
                "SELECT rep, team, composite, team_rank, company_rank, axes::text AS axes,"
                    + " strongest, weakest, "
                    + (withRecords ? "records" : "NULL::text[] AS records")
                    + ", withheld FROM score_publication_scores"
                    + " WHERE period = :p AND version = :v ORDER BY position")
            .bind("p", period.toString())
            .bind("v", version)
            .map(PostgresPublications::withheldScore)
            .all()
            .collectList();
    return db.sql(
            "SELECT published_at, published_by FROM score_publications"
                + " WHERE period = :p AND version = :v")
        .bind("p", period.toString())
        .bind("v", version)
        .map(
            row ->
                Map.entry(
                    PostgresLeads.instant(row, "published_at"),
                    Address.parse(row.get("published_by", String.class))))
        .one()
        .flatMap(
            h ->
                scores.map(
                    l ->
                        new Publication(
                            period,
                            version,
                            h.getKey(),
                            h.getValue(),
                            l.stream().map(Withheld::score).toList(),
                            l.stream()
                                .filter(Withheld::withheld)
                                .map(w -> w.score().rep())
                                .collect(Collectors.toSet()))));
  }

  private record Withheld(PublishedScore score, boolean withheld) {}

  private static Withheld withheldScore(Readable row) {
    Map<String, BigDecimal> axes = new LinkedHashMap<>();
    FlatJson.read(row.get("axes", String.class)).forEach((k, v) -> axes.put(k, new BigDecimal(v)));
    String[] records = row.get("records", String[].class);
    return new Withheld(
        new PublishedScore(
            Address.parse(row.get("rep", String.class)),
            row.get("team", String.class),
            row.get("composite", BigDecimal.class),
            row.get("team_rank", Integer.class),
            row.get("company_rank", Integer.class),
            axes,
            row.get("strongest", String.class),
            row.get("weakest", String.class),
            records == null ? List.of() : List.of(records)),
        Boolean.TRUE.equals(row.get("withheld", Boolean.class)));
  }

  @Override
  public Mono<PublicationState> state(YearMonth period) {
    return db.sql(
            "SELECT period, in_force, latest, held FROM score_publication_state WHERE period = :p")
        .bind("p", period.toString())
        .map(PostgresPublications::stateOf)
        .one()
        .defaultIfEmpty(PublicationState.none(period));
  }

  private static PublicationState stateOf(Readable row) {
    return new PublicationState(
        YearMonth.parse(row.get("period", String.class)),
        row.get("in_force", Integer.class),
        row.get("latest", Integer.class),
        Boolean.TRUE.equals(row.get("held", Boolean.class)));
  }

  @Override
  public Mono<Boolean> rollback(YearMonth period, int from, int to, PublicationEvent audit) {
    Mono<Boolean> write =
        db.sql(
                "UPDATE score_publication_state SET in_force = :to, held = false"
                    + " WHERE period = :p AND in_force = :from AND :to BETWEEN 1 AND latest")
            .bind("p", period.toString())
            .bind("from", from)
            .bind("to", to)
            .fetch()
            .rowsUpdated()
            .flatMap(n -> n != 1 ? Mono.just(false) : audit(audit).thenReturn(true));
    return tx.transactional(write);
  }

  @Override
  public Mono<Void> hold(PublicationEvent audit) {
    Mono<Void> write =
        db.sql(
                "INSERT INTO score_publication_state (period, in_force, latest, held)"
                    + " VALUES (:p, 0, 0, true) ON CONFLICT (period) DO UPDATE SET held = true")
            .bind("p", audit.period().toString())
            .then()
            .then(audit(audit));
    return tx.transactional(write);
  }

  @Override
  public Flux<PublicationEvent> audit(YearMonth period) {
    return db.sql(
            "SELECT action, version, by_whom, reason, at, request FROM score_publication_audit"
                + " WHERE period = :p ORDER BY id")
        .bind("p", period.toString())
        .map(
            row ->
                new PublicationEvent(
                    period,
                    PublicationEvent.Action.valueOf(
                        row.get("action", String.class).toUpperCase(Locale.ROOT)),
                    row.get("version", Integer.class),
                    Address.parse(row.get("by_whom", String.class)),
                    row.get("reason", String.class),
                    PostgresLeads.instant(row, "at"),
                    row.get("request", String.class)))
        .all();
  }

  @Override
  public Flux<PublicationState> open() {
    return db.sql(
            "SELECT period, in_force, latest, held FROM score_publication_state"
                + " WHERE in_force > 0 AND NOT held ORDER BY period")
        .map(PostgresPublications::stateOf)
        .all();
  }

  @Override
  public Mono<Set<Address>> sent(YearMonth period, int version) {
    return db.sql("SELECT rep FROM score_publication_sent WHERE period = :p AND version = :v")
        .bind("p", period.toString())
        .bind("v", version)
        .map(row -> Address.parse(row.get("rep", String.class)))
        .all()
        .collect(Collectors.toSet());
  }

  @Override
  public Mono<Set<Address>> markSent(YearMonth period, int version, Collection<Address> reps) {
    if (reps.isEmpty()) {
      return Mono.just(Set.of());
    }
    // one statement for the batch; RETURNING names the rows this statement inserted, not the
    // ones another sweep noted before (ON CONFLICT DO NOTHING skips those)
    return db.sql(
            "INSERT INTO score_publication_sent (period, version, rep)"
                + " SELECT :p, :v, rep FROM unnest(CAST(:reps AS text[])) AS r(rep)"
                + " ON CONFLICT DO NOTHING RETURNING rep")
        .bind("p", period.toString())
        .bind("v", version)
        .bind("reps", reps.stream().map(Address::toString).toArray(String[]::new))
        .map(row -> Address.parse(row.get("rep", String.class)))
        .all()
        .collect(Collectors.toSet());
  }
}
