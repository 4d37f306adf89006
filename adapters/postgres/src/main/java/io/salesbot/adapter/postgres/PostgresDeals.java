package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.stage.domain.NextStep;
import io.salesbot.core.stage.domain.OwnedOpenDeals;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.stage.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Deals} on PostgreSQL: tables {@code deals}, {@code deal_transitions} and {@code
 * skip_requests}. A save is a conditional update on the version read (two clicks, two instances:
 * one wins) and writes its transition in the same transaction.
 */
final class PostgresDeals implements Deals {
  private static final String COLUMNS =
      "id, team_id, owner, stage, stage_entered_at, opened_at, outcome, outcome_reason,"
          + " checkpoints, next_step, next_step_due, last_progress_at, version";

  private final DatabaseClient db;
  private final TransactionalOperator tx;

  PostgresDeals(DatabaseClient db, TransactionalOperator tx) {
    this.db = db;
    this.tx = tx;
  }

  @Override
  public Mono<Deal> open(Deal deal) {
    GenericExecuteSpec spec =
        db.sql(
            "INSERT INTO deals ("
                + COLUMNS
                + ") VALUES (:id, :team, :owner, :stage, :entered, :opened, :outcome, :reason,"
                + " :checkpoints, :next, :nextDue, :progress, :version)"
                + " ON CONFLICT (id) DO NOTHING");
    return bind(spec, deal).then().then(find(deal.id()));
  }

  @Override
  public Mono<Deal> find(String id) {
    return db.sql("SELECT " + COLUMNS + " FROM deals WHERE id = :id")
        .bind("id", id)
        .map(PostgresDeals::deal)
        .one();
  }

  @Override
  public Mono<Deal> save(Deal next, Transition transition) {
    return tx.transactional(update(next).flatMap(saved -> insert(transition).thenReturn(saved)));
  }

  @Override
  public Mono<Deal> save(Deal next) {
    return update(next);
  }

  private Mono<Deal> update(Deal next) {
    GenericExecuteSpec spec =
        db.sql(
            "UPDATE deals SET team_id = :team, owner = :owner, stage = :stage,"
                + " stage_entered_at = :entered, opened_at = :opened, outcome = :outcome,"
                + " outcome_reason = :reason, checkpoints = :checkpoints, next_step = :next,"
                + " next_step_due = :nextDue, last_progress_at = :progress, version = :version"
                + " WHERE id = :id AND version = :expected RETURNING "
                + COLUMNS);
    return bind(spec, next).bind("expected", next.version() - 1).map(PostgresDeals::deal).one();
  }

  private Mono<Void> insert(Transition t) {
    GenericExecuteSpec spec =
        db.sql(
                "INSERT INTO deal_transitions (deal_id, kind, from_stage, to_stage, outcome, actor,"
                    + " reason, evidence, overridden, at) VALUES (:deal, :kind, :from, :to,"
                    + " :outcome, :actor, :reason, :evidence, :overridden, :at)")
            .bind("deal", t.dealId())
            .bind("kind", t.kind().name())
            .bind("from", t.from())
            .bind("to", t.to())
            .bind("outcome", t.outcome().name())
            .bind("actor", t.actor().toString())
            .bind("evidence", String.join(",", t.evidence()))
            .bind("overridden", t.overridden())
            .bind("at", PostgresLeads.time(t.at()));
    return PostgresLeads.text(spec, "reason", t.reason()).then();
  }

  private static GenericExecuteSpec bind(GenericExecuteSpec spec, Deal d) {
    spec =
        spec.bind("id", d.id())
            .bind("team", d.teamId())
            .bind("owner", d.owner().toString())
            .bind("stage", d.stage())
            .bind("entered", PostgresLeads.time(d.stageEnteredAt()))
            .bind("opened", PostgresLeads.time(d.openedAt()))
            .bind("outcome", d.outcome().name())
            .bind("checkpoints", encode(d.checkpoints()))
            .bind("progress", PostgresLeads.time(d.lastProgressAt()))
            .bind("version", d.version());
    spec = PostgresLeads.text(spec, "reason", d.outcomeReason());
    NextStep n = d.nextStep();
    spec = PostgresLeads.text(spec, "next", n == null ? null : n.text());
    return n == null ? spec.bindNull("nextDue", LocalDate.class) : spec.bind("nextDue", n.due());
  }

  @Override
  public Flux<Deal> ownedBy(Address owner, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM deals WHERE owner = :owner"
                + " ORDER BY (outcome <> 'OPEN'), opened_at DESC, id LIMIT :limit")
        .bind("owner", owner.toString())
        .bind("limit", limit)
        .map(PostgresDeals::deal)
        .all();
  }

  /** The page and the count in one statement: the window's count is taken before the limit. */
  @Override
  public Mono<OwnedOpenDeals> openOwnedBy(Address owner, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + ", count(*) OVER () AS total FROM deals WHERE owner = :owner"
                + " AND outcome = 'OPEN' ORDER BY stage DESC, stage_entered_at, id LIMIT :limit")
        .bind("owner", owner.toString())
        .bind("limit", Math.max(1, limit))
        .map(row -> Map.entry(deal(row), Objects.requireNonNull(row.get("total", Long.class))))
        .all()
        .collectList()
        .map(
            rows ->
                new OwnedOpenDeals(
                    rows.stream().limit(limit).map(Map.Entry::getKey).toList(),
                    rows.isEmpty() ? 0 : rows.get(0).getValue()));
  }

  @Override
  public Flux<Deal> openOfTeam(String teamId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM deals WHERE team_id = :team AND outcome = 'OPEN' ORDER BY id")
        .bind("team", teamId)
        .map(PostgresDeals::deal)
        .all();
  }

  /**
   * The digest's candidates in one statement: each deal's stage threshold joined by index (the last
   * for later stages), owed checkpoints found in the encoded text ({@code |OWED|}, see {@link
   * #encode}) without decoding it.
   */
  @Override
  public Flux<Deal> digestCandidates(
      String teamId, Instant since, Instant now, List<Duration> stalledAfter) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM deals d JOIN unnest(CAST(:th AS bigint[])) WITH ORDINALITY AS th(secs, n)"
                + " ON th.n = LEAST(d.stage, :last) + 1"
                + " WHERE d.team_id = :team AND d.outcome = 'OPEN'"
                + " AND ((d.last_progress_at > CAST(:since AS timestamptz)"
                + " - th.secs * interval '1 second'"
                + " AND d.last_progress_at <= CAST(:now AS timestamptz)"
                + " - th.secs * interval '1 second')"
                + " OR d.id IN (SELECT t.deal_id FROM deal_transitions t WHERE t.kind = 'SKIP'"
                + " AND t.at > :since AND t.at <= :now)"
                + " OR strpos(d.checkpoints, '|OWED|') > 0)"
                + " ORDER BY d.id")
        .bind("team", teamId)
        .bind("since", PostgresLeads.time(since))
        .bind("now", PostgresLeads.time(now))
        .bind("th", stalledAfter.stream().map(Duration::toSeconds).toArray(Long[]::new))
        .bind("last", stalledAfter.size() - 1)
        .map(PostgresDeals::deal)
        .all();
  }

  @Override
  public Mono<Boolean> hasOpen(String teamId) {
    return db.sql("SELECT EXISTS (SELECT 1 FROM deals WHERE team_id = :team AND outcome = 'OPEN')")
        .bind("team", teamId)
        .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
        .one();
  }

  @Override
  public Flux<Transition> transitions(String dealId) {
    return db.sql(
            "SELECT deal_id, kind, from_stage, to_stage, outcome, actor, reason, evidence,"
                + " overridden, at FROM deal_transitions WHERE deal_id = :deal ORDER BY id")
        .bind("deal", dealId)
        .map(
            row ->
                new Transition(
                    PostgresLeads.required(row, "deal_id"),
                    StageMove.Kind.valueOf(PostgresLeads.required(row, "kind")),
                    Objects.requireNonNull(row.get("from_stage", Integer.class)),
                    Objects.requireNonNull(row.get("to_stage", Integer.class)),
                    DealOutcome.valueOf(PostgresLeads.required(row, "outcome")),
                    Address.parse(PostgresLeads.required(row, "actor")),
                    row.get("reason", String.class),
                    split(PostgresLeads.required(row, "evidence")),
                    Boolean.TRUE.equals(row.get("overridden", Boolean.class)),
                    PostgresLeads.instant(row, "at")))
        .all();
  }

  @Override
  public Mono<SkipRequest> requestSkip(SkipRequest r) {
    return db.sql(
            "INSERT INTO skip_requests (id, deal_id, from_stage, to_stage, requested_by, reason,"
                + " requested_at, state) VALUES (:id, :deal, :from, :to, :by, :reason, :at, :state)"
                + " ON CONFLICT (id) DO NOTHING")
        .bind("id", r.id())
        .bind("deal", r.dealId())
        .bind("from", r.from())
        .bind("to", r.to())
        .bind("by", r.requestedBy().toString())
        .bind("reason", r.reason())
        .bind("at", PostgresLeads.time(r.requestedAt()))
        .bind("state", r.state().name())
        .then()
        .then(findSkip(r.id()));
  }

  @Override
  public Mono<SkipRequest> findSkip(String id) {
    return db.sql(
            "SELECT id, deal_id, from_stage, to_stage, requested_by, reason, requested_at, state,"
                + " decided_by, decided_at FROM skip_requests WHERE id = :id")
        .bind("id", id)
        .map(PostgresDeals::skip)
        .one();
  }

  @Override
  public Mono<SkipRequest> decideSkip(SkipRequest d) {
    return db.sql(
            "UPDATE skip_requests SET state = :state, decided_by = :by, decided_at = :at"
                + " WHERE id = :id AND state = 'PENDING' RETURNING id, deal_id, from_stage,"
                + " to_stage, requested_by, reason, requested_at, state, decided_by, decided_at")
        .bind("state", d.state().name())
        .bind("by", String.valueOf(d.decidedBy()))
        .bind("at", PostgresLeads.time(Objects.requireNonNull(d.decidedAt())))
        .bind("id", d.id())
        .map(PostgresDeals::skip)
        .one();
  }

  static SkipRequest skip(Readable row) {
    String by = row.get("decided_by", String.class);
    OffsetDateTime at = row.get("decided_at", OffsetDateTime.class);
    return new SkipRequest(
        PostgresLeads.required(row, "id"),
        PostgresLeads.required(row, "deal_id"),
        Objects.requireNonNull(row.get("from_stage", Integer.class)),
        Objects.requireNonNull(row.get("to_stage", Integer.class)),
        Address.parse(PostgresLeads.required(row, "requested_by")),
        PostgresLeads.required(row, "reason"),
        PostgresLeads.instant(row, "requested_at"),
        SkipRequest.State.valueOf(PostgresLeads.required(row, "state")),
        by == null ? null : Address.parse(by),
        at == null ? null : at.toInstant());
  }

  private static Deal deal(Readable row) {
    String next = row.get("next_step", String.class);
    LocalDate due = row.get("next_step_due", LocalDate.class);
    return new Deal(
        PostgresLeads.required(row, "id"),
        PostgresLeads.required(row, "team_id"),
        Address.parse(PostgresLeads.required(row, "owner")),
        Objects.requireNonNull(row.get("stage", Integer.class)),
        PostgresLeads.instant(row, "stage_entered_at"),
        PostgresLeads.instant(row, "opened_at"),
        DealOutcome.valueOf(PostgresLeads.required(row, "outcome")),
        row.get("outcome_reason", String.class),
        decode(PostgresLeads.required(row, "checkpoints")),
        next == null || due == null ? null : new NextStep(next, due),
        PostgresLeads.instant(row, "last_progress_at"),
        Objects.requireNonNull(row.get("version", Long.class)));
  }

  /**
   * One line per checkpoint: {@code id|state|kinds|evidence ids|doneAt|doneBy|dueAt} (ISO-8601).
   */
  static String encode(Map<String, CheckpointState> checkpoints) {
    return checkpoints.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            e -> {
              CheckpointState s = e.getValue();
              return String.join(
                  "|",
                  e.getKey(),
                  s.state().name(),
                  s.have().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                  String.join(",", s.evidence()),
                  iso(s.doneAt()),
                  s.doneBy() == null ? "" : s.doneBy().toString(),
                  iso(s.dueAt()));
            })
        .collect(Collectors.joining("\n"));
  }

  static Map<String, CheckpointState> decode(String text) {
    Map<String, CheckpointState> out = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String line : text.split("\n")) {
      String[] f = line.split("\\|", -1);
      Set<EvidenceKind> kinds = EnumSet.noneOf(EvidenceKind.class);
      for (String k : split(f[2])) {
        kinds.add(EvidenceKind.valueOf(k));
      }
      out.put(
          f[0],
          new CheckpointState(
              CheckpointState.State.valueOf(f[1]),
              kinds,
              split(f[3]),
              fromIso(f[4]),
              f[5].isEmpty() ? null : Address.parse(f[5]),
              fromIso(f[6])));
    }
    return out;
  }

  private static List<String> split(String csv) {
    return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
  }

  private static String iso(@Nullable Instant at) {
    return at == null ? "" : at.toString();
  }

  private static @Nullable Instant fromIso(String iso) {
    return iso.isEmpty() ? null : Instant.parse(iso);
  }
}
