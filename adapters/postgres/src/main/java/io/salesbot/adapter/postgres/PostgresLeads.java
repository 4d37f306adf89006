package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.PhoneNumbers;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ClaimDecision;
import io.salesbot.core.lead.domain.ClaimLimits;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.lead.domain.RepLoad;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Leads} on PostgreSQL. Ingest serialises concurrent duplicates with transaction-scoped
 * advisory locks on the intake id, the phone and the openid; claims lock the lead's row, let {@link
 * ClaimDecision} decide and write conditionally; routing is a conditional update; every change
 * writes its audit row in the same transaction.
 */
final class PostgresLeads implements Leads {
  /**
   * The columns of a lead, as {@link #lead(Readable)} reads them; the table is aliased {@code l}.
   */
  static final String LEAD_COLUMNS =
      "l.id, l.intake_id, l.source_id, l.name, l.phone, l.company, l.region, l.industry,"
          + " l.product, l.message, l.external_id, l.open_id, l.attributes::text AS attributes,"
          + " l.priority, l.status, l.team_id, l.owner, l.created_at, l.claimed_at, l.version";

  /**
   * Completes a statement that starts {@code WITH changed AS (<write> RETURNING LEAD_COLUMNS)}:
   * writes the audit row for the changed lead in the same statement (so the change and its audit
   * are one round trip and atomic without a transaction) and returns the lead. Bind the entry with
   * {@link #bindAudit}.
   */
  private static final String AUDIT_CHANGED =
      ", logged AS (INSERT INTO lead_audit (lead_id, actor, action, reason, event_id, at)"
          + " SELECT id, :auditActor, :auditAction, :auditReason, :auditEventId, :auditAt"
          + " FROM changed ON CONFLICT ON CONSTRAINT lead_audit_once DO NOTHING)"
          + " SELECT * FROM changed";

  static final String CREATED = "created";
  static final String MERGED = "merged";

  private final DatabaseClient db;
  private final TransactionalOperator tx;

  PostgresLeads(DatabaseClient db, TransactionalOperator tx) {
    this.db = db;
    this.tx = tx;
  }

  @Override
  public Mono<IngestOutcome> ingest(
      LeadSubmission submission, String leadId, Instant now, Duration dedupeWindow) {
    String intakeId = submission.intakeId();
    Mono<IngestOutcome> work =
        lock(lockKeys(submission))
            .then(storedIntake(intakeId))
            .switchIfEmpty(
                Mono.defer(
                    () ->
                        recentDuplicate(submission, now.minus(dedupeWindow))
                            .flatMap(existing -> merge(existing, submission, now))
                            .switchIfEmpty(Mono.defer(() -> create(submission, leadId, now)))));
    return tx.transactional(work);
  }

  /** The outcome for an intake stored before, if it was. */
  private Mono<IngestOutcome> storedIntake(String intakeId) {
    return db.sql(
            "SELECT "
                + LEAD_COLUMNS
                + " FROM lead_intakes i JOIN leads l ON l.id = i.lead_id"
                + " WHERE i.intake_id = :intakeId")
        .bind("intakeId", intakeId)
        .map(PostgresLeads::lead)
        .one()
        .<IngestOutcome>map(
            lead ->
                lead.submission().intakeId().equals(intakeId)
                    ? new IngestOutcome.AlreadyIngested(lead)
                    : new IngestOutcome.Merged(lead, intakeId));
  }

  private Mono<Lead> recentDuplicate(LeadSubmission s, Instant since) {
    if (s.phone() == null && s.openId() == null) {
      return Mono.empty();
    }
    List<String> matches = new ArrayList<>(2);
    if (s.phone() != null) {
      matches.add("l.phone = :phone");
    }
    if (s.openId() != null) {
      matches.add("l.open_id = :openId");
    }
    GenericExecuteSpec spec =
        db.sql(
                "SELECT "
                    + LEAD_COLUMNS
                    + " FROM leads l WHERE ("
                    + String.join(" OR ", matches)
                    + ") AND l.created_at >= :since"
                    + " ORDER BY l.created_at DESC, l.id LIMIT 1")
            .bind("since", time(since));
    if (s.phone() != null) {
      spec = spec.bind("phone", s.phone());
    }
    if (s.openId() != null) {
      spec = spec.bind("openId", s.openId());
    }
    return spec.map(PostgresLeads::lead).one();
  }

  Mono<IngestOutcome> merge(Lead existing, LeadSubmission s, Instant now) {
    String reason =
        "intake "
            + s.intakeId()
            + " from source "
            + s.sourceId()
            + " matched by "
            + matchedBy(existing, s);
    return insertIntake(s, existing.id(), now)
        .then(
            audit(
                new AuditEntry(
                    existing.id(), AuditEntry.SYSTEM, MERGED, reason, s.intakeId(), now)))
        .then(fillGaps(existing, s))
        .map(lead -> new IngestOutcome.Merged(lead, s.intakeId()));
  }

  /**
   * What the new intake knows and the lead does not (a form's phone and name after a QR scan, say)
   * is written into the lead; nothing the lead has is overwritten. A hot intake makes the lead hot.
   */
  private Mono<Lead> fillGaps(Lead existing, LeadSubmission s) {
    LeadSubmission e = existing.submission();
    Map<String, String> fill = new LinkedHashMap<>();
    gap(fill, "name", e.name(), s.name());
    gap(fill, "phone", e.phone(), s.phone());
    gap(fill, "company", e.company(), s.company());
    gap(fill, "region", e.region(), s.region());
    gap(fill, "industry", e.industry(), s.industry());
    gap(fill, "product", e.product(), s.product());
    gap(fill, "message", e.message(), s.message());
    gap(fill, "open_id", e.openId(), s.openId());
    if (e.priority() == Priority.NORMAL && s.priority() == Priority.HOT) {
      fill.put("priority", Priority.HOT.name());
    }
    if (fill.isEmpty()) {
      return Mono.just(existing);
    }
    StringBuilder sql = new StringBuilder("UPDATE leads AS l SET version = l.version + 1");
    fill.keySet().forEach(column -> sql.append(", ").append(column).append(" = :").append(column));
    sql.append(" WHERE l.id = :id RETURNING ").append(LEAD_COLUMNS);
    GenericExecuteSpec spec = db.sql(sql.toString()).bind("id", existing.id());
    for (Map.Entry<String, String> f : fill.entrySet()) {
      spec = spec.bind(f.getKey(), f.getValue());
    }
    return spec.map(PostgresLeads::lead).one();
  }

  private static void gap(
      Map<String, String> fill, String column, @Nullable String has, @Nullable String offered) {
    if (has == null && offered != null) {
      fill.put(column, offered);
    }
  }

  private static String matchedBy(Lead existing, LeadSubmission s) {
    LeadSubmission e = existing.submission();
    if (s.phone() != null && s.phone().equals(e.phone())) {
      return "phone " + PhoneNumbers.mask(s.phone());
    }
    return "openid";
  }

  private Mono<IngestOutcome> create(LeadSubmission s, String leadId, Instant now) {
    GenericExecuteSpec spec =
        db.sql(
                "WITH changed AS (INSERT INTO leads AS l (id, intake_id, source_id, name, phone,"
                    + " company, region, industry, product, message, external_id, open_id,"
                    + " attributes, priority, status, created_at, version)"
                    + " VALUES (:id, :intakeId, :sourceId, :name, :phone, :company, :region,"
                    + " :industry, :product, :message, :externalId, :openId,"
                    + " CAST(:attributes AS jsonb), :priority, :status, :createdAt, 0)"
                    + " RETURNING "
                    + LEAD_COLUMNS
                    + "), intake AS (INSERT INTO lead_intakes (intake_id, lead_id, source_id,"
                    + " stored_at) SELECT :intakeId, id, :sourceId, :createdAt FROM changed)"
                    + AUDIT_CHANGED)
            .bind("id", leadId)
            .bind("intakeId", s.intakeId())
            .bind("sourceId", s.sourceId())
            .bind("attributes", FlatJson.write(s.attributes()))
            .bind("priority", s.priority().name())
            .bind("status", LeadStatus.NEW.name())
            .bind("createdAt", time(now));
    spec = text(spec, "name", s.name());
    spec = text(spec, "phone", s.phone());
    spec = text(spec, "company", s.company());
    spec = text(spec, "region", s.region());
    spec = text(spec, "industry", s.industry());
    spec = text(spec, "product", s.product());
    spec = text(spec, "message", s.message());
    spec = text(spec, "externalId", s.externalId());
    spec = text(spec, "openId", s.openId());
    String reason = createdReason(s);
    spec =
        bindAudit(
            spec, new AuditEntry(leadId, AuditEntry.SYSTEM, CREATED, reason, s.intakeId(), now));
    return spec.map(PostgresLeads::lead).one().map(IngestOutcome.Created::new);
  }

  /** The reason of a new lead's {@code created} audit row. */
  static String createdReason(LeadSubmission s) {
    return "new lead from source " + s.sourceId() + ", intake " + s.intakeId();
  }

  @Override
  public Mono<List<IngestOutcome>> ingestAll(
      List<Intake> batch, Instant now, Duration dedupeWindow) {
    if (batch.size() == 1) {
      Intake only = batch.get(0);
      return ingest(only.submission(), only.leadId(), now, dedupeWindow).map(List::of);
    }
    if (batch.isEmpty()) {
      return Mono.just(List.of());
    }
    return tx.transactional(
        Mono.defer(() -> new PostgresIngestBatch(this, db, batch, now, dedupeWindow).run()));
  }

  private Mono<Void> insertIntake(LeadSubmission s, String leadId, Instant now) {
    return db.sql(
            "INSERT INTO lead_intakes (intake_id, lead_id, source_id, stored_at)"
                + " VALUES (:intakeId, :leadId, :sourceId, :storedAt)")
        .bind("intakeId", s.intakeId())
        .bind("leadId", leadId)
        .bind("sourceId", s.sourceId())
        .bind("storedAt", time(now))
        .then();
  }

  /**
   * Takes transaction-scoped advisory locks in ascending key order, so that two transactions
   * wanting overlapping keys never deadlock.
   */
  Mono<Void> lock(long[] keys) {
    Long[] boxed = new Long[keys.length];
    for (int k = 0; k < keys.length; k++) {
      boxed[k] = keys[k];
    }
    // Volatile functions in the select list are evaluated after ORDER BY.
    return db.sql(
            "SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS t(k) ORDER BY k")
        .bind("keys", boxed)
        .then();
  }

  /** Lock keys for the intake id and, when present, the normalised phone and the openid. */
  static long[] lockKeys(LeadSubmission s) {
    List<String> names = new ArrayList<>(3);
    names.add("intake|" + s.intakeId());
    if (s.phone() != null) {
      names.add("phone|" + PhoneNumbers.normalise(s.phone()).orElse(s.phone()));
    }
    if (s.openId() != null) {
      names.add("openid|" + s.openId());
    }
    return names.stream().mapToLong(PostgresLeads::lockKey).distinct().sorted().toArray();
  }

  private static long lockKey(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("salesbot.lead|" + name).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public Mono<Lead> findById(String leadId) {
    return db.sql("SELECT " + LEAD_COLUMNS + " FROM leads l WHERE l.id = :id")
        .bind("id", leadId)
        .map(PostgresLeads::lead)
        .one();
  }

  @Override
  public Flux<Lead> findByIds(Collection<String> leadIds) {
    if (leadIds.isEmpty()) {
      return Flux.empty();
    }
    return db.sql("SELECT " + LEAD_COLUMNS + " FROM leads l WHERE l.id = ANY(:ids)")
        .bind("ids", leadIds.stream().distinct().toArray(String[]::new))
        .map(PostgresLeads::lead)
        .all();
  }

  @Override
  public Mono<Lead> findByIntakeId(String intakeId) {
    return db.sql(
            "SELECT "
                + LEAD_COLUMNS
                + " FROM lead_intakes i JOIN leads l ON l.id = i.lead_id"
                + " WHERE i.intake_id = :intakeId")
        .bind("intakeId", intakeId)
        .map(PostgresLeads::lead)
        .one();
  }

  @Override
  public Mono<Lead> route(String leadId, String teamId, AuditEntry audit) {
    GenericExecuteSpec spec =
        db.sql(
                "WITH changed AS (UPDATE leads AS l SET status = :pooled, team_id = :teamId,"
                    + " version = l.version + 1"
                    + " WHERE l.id = :id AND l.status = :new RETURNING "
                    + LEAD_COLUMNS
                    + ")"
                    + AUDIT_CHANGED)
            .bind("pooled", LeadStatus.POOLED.name())
            .bind("teamId", teamId)
            .bind("id", leadId)
            .bind("new", LeadStatus.NEW.name());
    return bindAudit(spec, audit)
        .map(PostgresLeads::lead)
        .one()
        .switchIfEmpty(Mono.defer(() -> findById(leadId)));
  }

  /** The batch's routes in two statements ({@link PostgresRouteBatch}). */
  @Override
  public Mono<List<Optional<Lead>>> routeAll(List<Routing> batch) {
    return PostgresRouteBatch.run(db, batch);
  }

  /**
   * One press of Claim. The rule is {@link ClaimDecision#decide}; this store supplies its facts and
   * keeps the write atomic where people race:
   *
   * <ul>
   *   <li>without caps, the common case is one statement: the conditional update {@code WHERE owner
   *       IS NULL} and not cooling down, with its audit row; only a refused press reads the facts
   *       (owner, when this rep lost the lead) to let the decision word the answer;
   *   <li>with caps, one claim at a time per rep (an advisory lock in a transaction), so two claims
   *       of one rep never both pass a cap they would exceed together: read the facts and the rep's
   *       load, decide, and write only on {@link ClaimDecision.Take} — still conditionally.
   * </ul>
   *
   * A write that finds the lead changed since the facts were read (another rep won, a recycle set a
   * cooldown) reads them again and decides again.
   */
  @Override
  public Mono<ClaimResult> claimWithin(
      String leadId, Address rep, Instant at, ClaimLimits limits, AuditEntry audit) {
    boolean capped = limits.maxOpenLeads() > 0 || limits.maxClaimsPerDay() > 0;
    if (!capped) {
      return write(leadId, rep, at, limits, audit)
          .switchIfEmpty(Mono.defer(() -> decide(leadId, rep, at, limits, audit, false, 3)));
    }
    return tx.transactional(
        lock(new long[] {lockKey("rep|" + rep)})
            .then(Mono.defer(() -> decide(leadId, rep, at, limits, audit, true, 3))));
  }

  /** Reads the facts, decides, and writes on Take; a lost race decides again, a few times. */
  private Mono<ClaimResult> decide(
      String leadId,
      Address rep,
      Instant at,
      ClaimLimits limits,
      AuditEntry audit,
      boolean capped,
      int attempts) {
    return facts(leadId, rep)
        .flatMap(
            facts ->
                (capped
                        ? loads(List.of(rep), limits.dayStart())
                            .map(loads -> loads.getOrDefault(rep, RepLoad.NONE))
                        : Mono.just(RepLoad.NONE))
                    .flatMap(
                        load -> {
                          ClaimDecision decision =
                              ClaimDecision.decide(
                                  facts.lead(), rep, at, limits, facts.lostAt(), load);
                          if (decision instanceof ClaimDecision.Answer answer) {
                            return Mono.just(answer.result());
                          }
                          if (attempts <= 0) {
                            return Mono.error(
                                new IllegalStateException(
                                    "lead " + leadId + " kept changing during a claim"));
                          }
                          return write(leadId, rep, at, limits, audit)
                              .switchIfEmpty(
                                  Mono.defer(
                                      () ->
                                          decide(
                                              leadId,
                                              rep,
                                              at,
                                              limits,
                                              audit,
                                              capped,
                                              attempts - 1)));
                        }));
  }

  /** What a claim decides on: the lead as it is, and when this rep last lost it to the pool. */
  private record ClaimFacts(Lead lead, @Nullable Instant lostAt) {}

  private Mono<ClaimFacts> facts(String leadId, Address rep) {
    return db.sql(
            "SELECT "
                + LEAD_COLUMNS
                + ", (l.recycled ->> :rep)::bigint AS lost_ms FROM leads l WHERE l.id = :id")
        .bind("rep", rep.toString())
        .bind("id", leadId)
        .map(
            row -> {
              Long lostMs = row.get("lost_ms", Long.class);
              return new ClaimFacts(
                  lead(row), lostMs == null ? null : Instant.ofEpochMilli(lostMs));
            })
        .one();
  }

  /**
   * The claim as one conditional write with its audit row: only a lead without owner, and not by a
   * rep still cooling down from losing it; empty when either does not hold.
   */
  private Mono<ClaimResult> write(
      String leadId, Address rep, Instant at, ClaimLimits limits, AuditEntry audit) {
    Instant since = limits.cooldownSince();
    long sinceMs =
        since.isAfter(Instant.parse("9999-01-01T00:00:00Z"))
            ? Long.MAX_VALUE
            : since.toEpochMilli();
    GenericExecuteSpec spec =
        db.sql(
                "WITH changed AS (UPDATE leads AS l SET owner = :owner, status = :claimed,"
                    + " claimed_at = :at, version = l.version + 1"
                    + " WHERE l.id = :id AND l.owner IS NULL"
                    + " AND COALESCE((l.recycled ->> :owner)::bigint, 0) <= :since RETURNING "
                    + LEAD_COLUMNS
                    + ")"
                    + AUDIT_CHANGED)
            .bind("owner", rep.toString())
            .bind("claimed", LeadStatus.CLAIMED.name())
            .bind("at", time(at))
            .bind("id", leadId)
            .bind("since", sinceMs);
    return bindAudit(spec, audit).map(PostgresLeads::lead).one().map(ClaimResult.Claimed::new);
  }

  @Override
  public Mono<Lead> transfer(
      String leadId, @Nullable Address from, @Nullable Address to, Instant at, AuditEntry audit) {
    GenericExecuteSpec spec =
        db.sql(
                "WITH changed AS (UPDATE leads AS l SET owner = :to, status = :status,"
                    + " claimed_at = :at, version = l.version + 1,"
                    // Back to the pool: remember when the previous owner lost it (cooldown).
                    + " recycled = CASE WHEN :to::text IS NULL AND l.owner IS NOT NULL"
                    + " THEN l.recycled || jsonb_build_object(l.owner, :nowMs::bigint)"
                    + " ELSE l.recycled END"
                    + " WHERE l.id = :id AND l.status IN (:pooled, :claimed)"
                    + " AND l.owner IS NOT DISTINCT FROM :from RETURNING "
                    + LEAD_COLUMNS
                    + ")"
                    + AUDIT_CHANGED)
            .bind("status", (to == null ? LeadStatus.POOLED : LeadStatus.CLAIMED).name())
            .bind("id", leadId)
            .bind("pooled", LeadStatus.POOLED.name())
            .bind("claimed", LeadStatus.CLAIMED.name())
            .bind("nowMs", at.toEpochMilli());
    spec = text(spec, "to", to == null ? null : to.toString());
    spec = text(spec, "from", from == null ? null : from.toString());
    spec = to == null ? spec.bindNull("at", OffsetDateTime.class) : spec.bind("at", time(at));
    return bindAudit(spec, audit).map(PostgresLeads::lead).one();
  }

  @Override
  public Mono<Lead> close(String leadId, Address owner, LeadStatus to, AuditEntry audit) {
    if (!to.ended()) {
      return Mono.error(new IllegalArgumentException("close ends a lead, not " + to));
    }
    GenericExecuteSpec spec =
        db.sql(
                "WITH changed AS (UPDATE leads AS l SET status = :to, version = l.version + 1"
                    + " WHERE l.id = :id AND l.status = :claimed AND l.owner = :owner RETURNING "
                    + LEAD_COLUMNS
                    + ")"
                    + AUDIT_CHANGED)
            .bind("to", to.name())
            .bind("id", leadId)
            .bind("claimed", LeadStatus.CLAIMED.name())
            .bind("owner", owner.toString());
    return bindAudit(spec, audit).map(PostgresLeads::lead).one();
  }

  @Override
  public Mono<Lead> makeHot(String leadId, AuditEntry audit) {
    String ended =
        java.util.Arrays.stream(LeadStatus.values())
            .filter(LeadStatus::ended)
            .map(st -> "'" + st.name() + "'")
            .collect(java.util.stream.Collectors.joining(", "));
    GenericExecuteSpec spec =
        db.sql(
                "WITH changed AS (UPDATE leads AS l SET priority = :hot, version = l.version + 1"
                    + " WHERE l.id = :id AND l.priority <> :hot AND l.status NOT IN ("
                    + ended
                    + ") RETURNING "
                    + LEAD_COLUMNS
                    + ")"
                    + AUDIT_CHANGED)
            .bind("hot", Priority.HOT.name())
            .bind("id", leadId);
    return bindAudit(spec, audit)
        .map(PostgresLeads::lead)
        .one()
        .switchIfEmpty(Mono.defer(() -> findById(leadId)));
  }

  @Override
  public Flux<Lead> pool(String teamId, int offset, int limit) {
    return db.sql(
            "SELECT "
                + LEAD_COLUMNS
                + " FROM leads l WHERE l.team_id = :team AND l.status = :pooled"
                + " ORDER BY l.created_at, l.id OFFSET :offset LIMIT :limit")
        .bind("team", teamId)
        .bind("pooled", LeadStatus.POOLED.name())
        .bind("offset", offset)
        .bind("limit", limit)
        .map(PostgresLeads::lead)
        .all();
  }

  @Override
  public Mono<Long> poolSize(String teamId) {
    return db.sql("SELECT count(*) AS n FROM leads WHERE team_id = :team AND status = :pooled")
        .bind("team", teamId)
        .bind("pooled", LeadStatus.POOLED.name())
        .map(row -> Objects.requireNonNull(row.get("n", Long.class)))
        .one();
  }

  @Override
  public Flux<Lead> ownedBy(Address rep, int limit) {
    return db.sql(
            "SELECT "
                + LEAD_COLUMNS
                + " FROM leads l WHERE l.owner = :owner"
                + " ORDER BY l.claimed_at DESC NULLS LAST, l.id LIMIT :limit")
        .bind("owner", rep.toString())
        .bind("limit", limit)
        .map(PostgresLeads::lead)
        .all();
  }

  @Override
  public Mono<Map<Address, RepLoad>> loads(Collection<Address> reps, Instant dayStart) {
    if (reps.isEmpty()) {
      return Mono.just(Map.of());
    }
    String[] owners = reps.stream().map(Address::toString).toArray(String[]::new);
    return db.sql(
            // Open: still claimed (a won deal no longer counts). Today: every claim since the day
            // started, whatever became of it since.
            "SELECT owner,"
                + " count(*) FILTER (WHERE status = :claimed) AS open,"
                + " count(*) FILTER (WHERE claimed_at >= :day) AS today"
                + " FROM leads WHERE owner = ANY(:owners) AND status IN (:claimed, :won, :lost,"
                + " :invalid) GROUP BY owner")
        .bind("owners", owners)
        .bind("day", time(dayStart))
        .bind("claimed", LeadStatus.CLAIMED.name())
        .bind("won", LeadStatus.WON.name())
        .bind("lost", LeadStatus.LOST.name())
        .bind("invalid", LeadStatus.INVALID.name())
        .map(
            row ->
                Map.entry(
                    Address.parse(required(row, "owner")),
                    new RepLoad(
                        Objects.requireNonNull(row.get("open", Long.class)).intValue(),
                        Objects.requireNonNull(row.get("today", Long.class)).intValue())))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(
            found -> {
              Map<Address, RepLoad> all = new LinkedHashMap<>();
              for (Address r : reps) {
                all.put(r, found.getOrDefault(r, RepLoad.NONE));
              }
              return all;
            });
  }

  @Override
  public Flux<Lead> findByIdPrefix(String prefix, int limit) {
    if (!prefix.matches("[0-9a-zA-Z-]{1,64}")) {
      return Flux.empty();
    }
    return db.sql(
            "SELECT "
                + LEAD_COLUMNS
                + " FROM leads l WHERE l.id LIKE :p ORDER BY l.id LIMIT :limit")
        .bind("p", prefix + "%")
        .bind("limit", limit)
        .map(PostgresLeads::lead)
        .all();
  }

  private static GenericExecuteSpec bindAudit(GenericExecuteSpec spec, AuditEntry entry) {
    return spec.bind("auditActor", entry.actor())
        .bind("auditAction", entry.action())
        .bind("auditReason", entry.reason())
        .bind("auditEventId", entry.eventId())
        .bind("auditAt", time(entry.at()));
  }

  @Override
  public Mono<Void> audit(AuditEntry entry) {
    return db.sql(
            "INSERT INTO lead_audit (lead_id, actor, action, reason, event_id, at)"
                + " VALUES (:leadId, :actor, :action, :reason, :eventId, :at)"
                + " ON CONFLICT ON CONSTRAINT lead_audit_once DO NOTHING")
        .bind("leadId", entry.leadId())
        .bind("actor", entry.actor())
        .bind("action", entry.action())
        .bind("reason", entry.reason())
        .bind("eventId", entry.eventId())
        .bind("at", time(entry.at()))
        .then();
  }

  @Override
  public Flux<AuditEntry> history(String leadId) {
    return db.sql(
            "SELECT lead_id, actor, action, reason, event_id, at FROM lead_audit"
                + " WHERE lead_id = :leadId ORDER BY at, id")
        .bind("leadId", leadId)
        .map(
            row ->
                new AuditEntry(
                    required(row, "lead_id"),
                    required(row, "actor"),
                    required(row, "action"),
                    required(row, "reason"),
                    required(row, "event_id"),
                    instant(row, "at")))
        .all();
  }

  static Lead lead(Readable row) {
    String id = required(row, "id");
    LeadSubmission submission =
        new LeadSubmission(
            required(row, "intake_id"),
            required(row, "source_id"),
            row.get("name", String.class),
            row.get("phone", String.class),
            row.get("company", String.class),
            row.get("region", String.class),
            row.get("industry", String.class),
            row.get("product", String.class),
            row.get("message", String.class),
            row.get("external_id", String.class),
            row.get("open_id", String.class),
            FlatJson.read(required(row, "attributes")),
            Priority.valueOf(required(row, "priority")));
    String owner = row.get("owner", String.class);
    OffsetDateTime claimedAt = row.get("claimed_at", OffsetDateTime.class);
    Long version = row.get("version", Long.class);
    return new Lead(
        id,
        submission,
        LeadStatus.valueOf(required(row, "status")),
        row.get("team_id", String.class),
        owner == null ? null : Address.parse(owner),
        instant(row, "created_at"),
        claimedAt == null ? null : claimedAt.toInstant(),
        version == null ? 0 : version);
  }

  static String required(Readable row, String column) {
    return Objects.requireNonNull(row.get(column, String.class), column);
  }

  static Instant instant(Readable row, String column) {
    return Objects.requireNonNull(row.get(column, OffsetDateTime.class), column).toInstant();
  }

  static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static GenericExecuteSpec text(GenericExecuteSpec spec, String name, @Nullable String value) {
    return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
  }
}
