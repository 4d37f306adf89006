package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.Leads.Intake;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One batch of {@link PostgresLeads#ingestAll}, inside the caller's transaction: the same outcomes
 * as ingesting the submissions one after the other, in a handful of statements for the whole batch
 * instead of five or six per lead.
 *
 * <ol>
 *   <li>the advisory locks of every submission (intake id, phone, openid), in one statement and in
 *       ascending order, as a single ingest takes them;
 *   <li>the intakes stored before, in one statement;
 *   <li>the leads created within the window with any of the batch's phones or openids, in one
 *       statement: the only leads a submission of the batch could merge into, besides those the
 *       batch creates;
 *   <li>then the submissions in order, in memory: a stored intake is a redelivery, a duplicate (the
 *       newest matching lead, as {@code ORDER BY created_at DESC, id} picks it) merges, the rest
 *       are new leads, written together with their intakes and {@code created} audit rows in one
 *       multi-row statement ({@code unnest}). Before a merge or a redelivery of a lead of this
 *       batch, the new leads so far are written, so that the merge runs on stored rows with {@link
 *       PostgresLeads#merge} itself — merges are rare, and their rule lives in one place.
 * </ol>
 *
 * Used once, by one thread at a time (the steps run one after the other).
 */
final class PostgresIngestBatch {
  private final PostgresLeads leads;
  private final DatabaseClient db;
  private final List<Intake> batch;
  private final Instant now;
  private final Instant since;

  /** Each lead read or written so far, as it is now. */
  private final Map<String, Lead> current = new HashMap<>();

  /** The leads a submission may merge into: created within the window. */
  private final Set<String> recent = new LinkedHashSet<>();

  /** Intake id → the lead it created or was merged into. */
  private final Map<String, String> intakes = new HashMap<>();

  /** New leads not written yet, with their places in the batch. */
  private final List<Integer> pending = new ArrayList<>();

  private final IngestOutcome[] outcomes;

  PostgresIngestBatch(
      PostgresLeads leads, DatabaseClient db, List<Intake> batch, Instant now, Duration window) {
    this.leads = leads;
    this.db = db;
    this.batch = List.copyOf(batch);
    this.now = now;
    this.since = now.minus(window);
    this.outcomes = new IngestOutcome[batch.size()];
  }

  Mono<List<IngestOutcome>> run() {
    long[] keys =
        batch.stream()
            .flatMapToLong(i -> Arrays.stream(PostgresLeads.lockKeys(i.submission())))
            .distinct()
            .sorted()
            .toArray();
    return leads
        .lock(keys)
        .then(storedIntakes())
        .then(recentDuplicates())
        .thenMany(Flux.range(0, batch.size()).concatMap(this::step))
        .then(Mono.defer(this::flush))
        .then(Mono.fromSupplier(() -> List.of(outcomes)));
  }

  private Mono<Void> storedIntakes() {
    String[] ids =
        batch.stream().map(i -> i.submission().intakeId()).distinct().toArray(String[]::new);
    return db.sql(
            "SELECT i.intake_id AS stored_intake, "
                + PostgresLeads.LEAD_COLUMNS
                + " FROM lead_intakes i JOIN leads l ON l.id = i.lead_id"
                + " WHERE i.intake_id = ANY(CAST(:ids AS text[]))")
        .bind("ids", ids)
        .map(
            row -> Map.entry(PostgresLeads.required(row, "stored_intake"), PostgresLeads.lead(row)))
        .all()
        .doOnNext(
            e -> {
              intakes.put(e.getKey(), e.getValue().id());
              current.put(e.getValue().id(), e.getValue());
            })
        .then();
  }

  private Mono<Void> recentDuplicates() {
    String[] phones = distinct(batch.stream().map(i -> i.submission().phone()).toList());
    String[] openIds = distinct(batch.stream().map(i -> i.submission().openId()).toList());
    if (phones.length == 0 && openIds.length == 0) {
      return Mono.empty();
    }
    return db.sql(
            "SELECT "
                + PostgresLeads.LEAD_COLUMNS
                + " FROM leads l WHERE (l.phone = ANY(CAST(:phones AS text[]))"
                + " OR l.open_id = ANY(CAST(:openIds AS text[]))) AND l.created_at >= :since")
        .bind("phones", phones)
        .bind("openIds", openIds)
        .bind("since", PostgresLeads.time(since))
        .map(PostgresLeads::lead)
        .all()
        .doOnNext(
            lead -> {
              current.put(lead.id(), lead);
              recent.add(lead.id());
            })
        .then();
  }

  private static String[] distinct(List<@Nullable String> values) {
    return values.stream().filter(v -> v != null).distinct().toArray(String[]::new);
  }

  private Mono<Void> step(int index) {
    LeadSubmission s = batch.get(index).submission();
    String stored = intakes.get(s.intakeId());
    if (stored != null) {
      // A redelivery (before this batch, or earlier in it): its lead as it is now.
      return flushIf(pending.stream().anyMatch(p -> isLead(p, stored)))
          .then(
              Mono.fromRunnable(
                  () -> {
                    Lead lead = current.get(stored);
                    outcomes[index] =
                        lead.submission().intakeId().equals(s.intakeId())
                            ? new IngestOutcome.AlreadyIngested(lead)
                            : new IngestOutcome.Merged(lead, s.intakeId());
                  }));
    }
    Lead duplicate = duplicateOf(s);
    if (duplicate != null) {
      String target = duplicate.id();
      intakes.put(s.intakeId(), target);
      return flushIf(pending.stream().anyMatch(p -> isLead(p, target)))
          .then(Mono.defer(() -> leads.merge(current.get(target), s, now)))
          .doOnNext(
              merged -> {
                current.put(target, merged.lead());
                outcomes[index] = merged;
              })
          .then();
    }
    String id = batch.get(index).leadId();
    current.put(id, Lead.create(id, s, now));
    recent.add(id);
    intakes.put(s.intakeId(), id);
    pending.add(index);
    return Mono.empty();
  }

  private boolean isLead(int index, String leadId) {
    return batch.get(index).leadId().equals(leadId);
  }

  /**
   * The lead a single ingest would merge {@code s} into: the newest lead created within the window
   * with its phone or openid, the smaller id first among equals.
   */
  private @Nullable Lead duplicateOf(LeadSubmission s) {
    if (s.phone() == null && s.openId() == null) {
      return null;
    }
    return recent.stream()
        .map(current::get)
        .filter(
            l ->
                !l.createdAt().isBefore(since)
                    && ((s.phone() != null && s.phone().equals(l.submission().phone()))
                        || (s.openId() != null && s.openId().equals(l.submission().openId()))))
        .min(Comparator.comparing(Lead::createdAt).reversed().thenComparing(Lead::id))
        .orElse(null);
  }

  private Mono<Void> flushIf(boolean needed) {
    return needed ? flush() : Mono.empty();
  }

  /** Writes the new leads so far, their intakes and their {@code created} audit rows. */
  private Mono<Void> flush() {
    if (pending.isEmpty()) {
      return Mono.empty();
    }
    List<Integer> writing = List.copyOf(pending);
    pending.clear();
    int n = writing.size();
    List<@Nullable String[]> rows = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      Intake in = batch.get(writing.get(k));
      LeadSubmission s = in.submission();
      rows.add(
          new @Nullable String[] {
            in.leadId(),
            s.intakeId(),
            s.sourceId(),
            s.name(),
            s.phone(),
            s.company(),
            s.region(),
            s.industry(),
            s.product(),
            s.message(),
            s.externalId(),
            s.openId(),
            FlatJson.write(s.attributes()),
            s.priority().name(),
            PostgresLeads.createdReason(s)
          });
    }
    @Nullable String[][] columns = UnnestColumns.of(15, rows);
    Map<String, Integer> places = new HashMap<>();
    for (int k = 0; k < n; k++) {
      places.put(batch.get(writing.get(k)).leadId(), writing.get(k));
    }
    return db.sql(
            "WITH input AS (SELECT * FROM unnest(CAST(:c0 AS text[]), CAST(:c1 AS text[]),"
                + " CAST(:c2 AS text[]), CAST(:c3 AS text[]), CAST(:c4 AS text[]),"
                + " CAST(:c5 AS text[]), CAST(:c6 AS text[]), CAST(:c7 AS text[]),"
                + " CAST(:c8 AS text[]), CAST(:c9 AS text[]), CAST(:c10 AS text[]),"
                + " CAST(:c11 AS text[]), CAST(:c12 AS text[]), CAST(:c13 AS text[]),"
                + " CAST(:c14 AS text[])) AS t(id, intake_id, source_id, name, phone, company,"
                + " region, industry, product, message, external_id, open_id, attributes,"
                + " priority, reason)),"
                + " changed AS (INSERT INTO leads AS l (id, intake_id, source_id, name, phone,"
                + " company, region, industry, product, message, external_id, open_id,"
                + " attributes, priority, status, created_at, version)"
                + " SELECT id, intake_id, source_id, name, phone, company, region, industry,"
                + " product, message, external_id, open_id, CAST(attributes AS jsonb), priority,"
                + " :status, :createdAt, 0 FROM input RETURNING "
                + PostgresLeads.LEAD_COLUMNS
                + "), intake AS (INSERT INTO lead_intakes (intake_id, lead_id, source_id,"
                + " stored_at) SELECT intake_id, id, source_id, :createdAt FROM changed),"
                + " logged AS (INSERT INTO lead_audit (lead_id, actor, action, reason, event_id,"
                + " at) SELECT c.id, :actor, :action, i.reason, c.intake_id, :createdAt"
                + " FROM changed c JOIN input i ON i.id = c.id"
                + " ON CONFLICT ON CONSTRAINT lead_audit_once DO NOTHING)"
                + " SELECT * FROM changed")
        .bind("c0", columns[0])
        .bind("c1", columns[1])
        .bind("c2", columns[2])
        .bind("c3", columns[3])
        .bind("c4", columns[4])
        .bind("c5", columns[5])
        .bind("c6", columns[6])
        .bind("c7", columns[7])
        .bind("c8", columns[8])
        .bind("c9", columns[9])
        .bind("c10", columns[10])
        .bind("c11", columns[11])
        .bind("c12", columns[12])
        .bind("c13", columns[13])
        .bind("c14", columns[14])
        .bind("status", LeadStatus.NEW.name())
        .bind("createdAt", PostgresLeads.time(now))
        .bind("actor", AuditEntry.SYSTEM)
        .bind("action", PostgresLeads.CREATED)
        .map(PostgresLeads::lead)
        .all()
        .doOnNext(
            lead -> {
              current.put(lead.id(), lead);
              outcomes[places.get(lead.id())] = new IngestOutcome.Created(lead);
            })
        .count()
        .flatMap(
            written ->
                written == n
                    ? Mono.<Void>empty()
                    : Mono.error(
                        new IllegalStateException(
                            "wrote " + written + " of " + n + " new leads of a batch")));
  }
}
