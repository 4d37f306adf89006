package io.salesbot.bench;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.Transition;
import io.salesbot.core.testing.DealGenerator;
import io.salesbot.core.testing.DealGenerator.Figures;
import io.salesbot.core.testing.DealGenerator.Settings;
import io.salesbot.core.testing.DealPlan;
import io.salesbot.core.testing.InMemoryDeals;
import io.salesbot.core.testing.InMemoryLeads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import reactor.core.publisher.Flux;

/**
 * The seeded {@link DealGenerator}'s deals at benchmark scale, bulk-loaded with PostgreSQL {@code
 * COPY … FROM STDIN}. Writing through the ports costs about 0.4 s a deal on this machine, so the
 * generator writes into bot-core's in-memory stores (the same ports, the same use-case order) and
 * their content is copied into the tables the production adapters read: {@code leads}, {@code
 * lead_intakes}, {@code lead_audit}, {@code lead_sla}, {@code deals}, {@code deal_transitions} and
 * {@code skip_requests}. The generator writes the lead's routed/claimed/closed audit only; the
 * loader adds the other audit rows the production use cases write for the same history (offered,
 * deal_opened, contacted, one stage_/deal_ row per move), so {@code lead_audit} has the volume a
 * real history would have. Rows go in time order, as a live system appends them; then {@code VACUUM
 * ANALYZE}, the state autovacuum leaves after bulk inserts.
 */
final class DealDataset {
  private static final int SLICE = 500;

  /** What was loaded, with the generator's figures (what was put in). */
  record Loaded(
      Figures figures,
      int deals,
      long open,
      long transitions,
      long leadAudit,
      long skips,
      long generateMs,
      long copyMs,
      List<Deal> sample) {
    long auditRows() {
      return transitions + leadAudit;
    }
  }

  private DealDataset() {}

  /**
   * Generates {@code settings}' deals in memory, then COPYs them into the database at {@code jdbc}.
   */
  static Loaded load(String jdbc, Settings settings, StageModel model)
      throws SQLException, IOException {
    return load(jdbc, "", settings, model);
  }

  /** As {@link #load(String, Settings, StageModel)}, as {@code postgres} with {@code password}. */
  static Loaded load(String jdbc, String password, Settings settings, StageModel model)
      throws SQLException, IOException {
    long t0 = System.nanoTime();
    List<DealPlan> plans =
        new DealGenerator(new InMemoryLeads(), new InMemoryDeals(), model).plan(settings);
    Figures figures = DealGenerator.figures(settings, plans);
    List<Lead> allLeads = new ArrayList<>();
    List<AuditEntry> audit = new ArrayList<>();
    List<Deal> allDeals = new ArrayList<>();
    List<Transition> transitions = new ArrayList<>();
    List<SkipRequest> skips = new ArrayList<>();
    // Slices into fresh in-memory stores: their look-ups scan what they hold, so one store of
    // 100,000 deals would cost the square of it.
    for (int from = 0; from < plans.size(); from += SLICE) {
      List<DealPlan> slice = plans.subList(from, Math.min(plans.size(), from + SLICE));
      InMemoryLeads leads = new InMemoryLeads();
      InMemoryDeals deals = new InMemoryDeals();
      DealGenerator generator = new DealGenerator(leads, deals, model);
      Flux.fromIterable(slice).concatMap(generator::write).then().block();
      InMemoryDeals.Snapshot snap = deals.snapshot();
      for (Lead l : leads.all()) {
        allLeads.add(l);
        audit.addAll(leads.history(l.id()).collectList().block());
      }
      Map<String, List<Transition>> byDeal =
          snap.transitions().stream().collect(Collectors.groupingBy(Transition::dealId));
      for (DealPlan p : slice) {
        audit.addAll(useCaseAudit(p, byDeal.getOrDefault(p.id(), List.of())));
      }
      allDeals.addAll(snap.deals());
      transitions.addAll(snap.transitions());
      skips.addAll(snap.skips());
    }
    allLeads.sort(Comparator.comparing(Lead::createdAt).thenComparing(Lead::id));
    audit.sort(Comparator.comparing(AuditEntry::at));
    allDeals.sort(Comparator.comparing(Deal::openedAt).thenComparing(Deal::id));
    transitions.sort(Comparator.comparing(Transition::at)); // stable: a deal's moves stay in order
    skips.sort(Comparator.comparing(SkipRequest::requestedAt));
    long generateMs = (System.nanoTime() - t0) / 1_000_000;

    long t1 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", password)) {
      CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
      try (Rows r =
          new Rows(
              copy,
              "leads (id, intake_id, source_id, name, phone, company, region, industry, product,"
                  + " message, external_id, open_id, attributes, priority, status, team_id, owner,"
                  + " created_at, claimed_at, version)")) {
        for (Lead l : allLeads) {
          LeadSubmission s = l.submission();
          r.row(
              l.id(),
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
              "{}",
              s.priority().name(),
              l.status().name(),
              l.teamId(),
              l.owner() == null ? null : l.owner().toString(),
              l.createdAt(),
              l.claimedAt(),
              l.version());
        }
      }
      try (Rows r = new Rows(copy, "lead_intakes (intake_id, lead_id, source_id, stored_at)")) {
        for (Lead l : allLeads) {
          r.row(l.submission().intakeId(), l.id(), l.submission().sourceId(), l.createdAt());
        }
      }
      try (Rows r = new Rows(copy, "lead_audit (lead_id, actor, action, reason, event_id, at)")) {
        for (AuditEntry a : audit) {
          r.row(a.leadId(), a.actor(), a.action(), a.reason(), a.eventId(), a.at());
        }
      }
      try (Rows r =
          new Rows(
              copy,
              "lead_sla (lead_id, owner, started_at, due_at, contacted_at, channel, breached_at)")) {
        for (DealPlan p : plans) {
          Instant due = p.openedAt().plus(Duration.ofHours(4));
          r.row(
              p.id(),
              p.owner().toString(),
              p.openedAt(),
              due,
              p.firstTouchAt(),
              "PHONE",
              p.firstTouchAt().isAfter(due) ? due : null);
        }
      }
      try (Rows r =
          new Rows(
              copy,
              "deals (id, team_id, owner, stage, stage_entered_at, opened_at, outcome,"
                  + " outcome_reason, checkpoints, next_step, next_step_due, last_progress_at,"
                  + " version)")) {
        for (Deal d : allDeals) {
          r.row(
              d.id(),
              d.teamId(),
              d.owner().toString(),
              d.stage(),
              d.stageEnteredAt(),
              d.openedAt(),
              d.outcome().name(),
              d.outcomeReason(),
              encode(d.checkpoints()),
              d.nextStep() == null ? null : d.nextStep().text(),
              d.nextStep() == null ? null : d.nextStep().due(),
              d.lastProgressAt(),
              d.version());
        }
      }
      try (Rows r =
          new Rows(
              copy,
              "deal_transitions (deal_id, kind, from_stage, to_stage, outcome, actor, reason,"
                  + " evidence, overridden, at)")) {
        for (Transition t : transitions) {
          r.row(
              t.dealId(),
              t.kind().name(),
              t.from(),
              t.to(),
              t.outcome().name(),
              t.actor().toString(),
              t.reason(),
              String.join(",", t.evidence()),
              t.overridden(),
              t.at());
        }
      }
      try (Rows r =
          new Rows(
              copy,
              "skip_requests (id, deal_id, from_stage, to_stage, requested_by, reason,"
                  + " requested_at, state, decided_by, decided_at)")) {
        for (SkipRequest s : skips) {
          r.row(
              s.id(),
              s.dealId(),
              s.from(),
              s.to(),
              s.requestedBy().toString(),
              s.reason(),
              s.requestedAt(),
              s.state().name(),
              s.decidedBy() == null ? null : s.decidedBy().toString(),
              s.decidedAt());
        }
      }
      try (Statement s = c.createStatement()) {
        // What autovacuum leaves after a bulk of inserts: statistics and the visibility map
        // (index-only scans need it).
        s.execute("VACUUM ANALYZE");
      }
    }
    long copyMs = (System.nanoTime() - t1) / 1_000_000;
    long open = allDeals.stream().filter(Deal::isOpen).count();
    List<Deal> sample = new ArrayList<>();
    for (int i = 0; i < allDeals.size(); i += Math.max(1, allDeals.size() / 200)) {
      sample.add(allDeals.get(i));
    }
    return new Loaded(
        figures,
        allDeals.size(),
        open,
        transitions.size(),
        audit.size(),
        skips.size(),
        generateMs,
        copyMs,
        sample);
  }

  /** Empties every table the loader fills (and the timers), for the next dataset. */
  static void truncate(String jdbc) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(
          "TRUNCATE skip_requests, deal_transitions, deals, lead_sla, lead_audit, lead_intakes,"
              + " leads, timers CASCADE");
    }
  }

  /**
   * The audit rows the use cases write for a deal's history besides those the generator writes
   * through {@code Leads} (routed, claimed, lead_won/lost/invalid): the offer before the claim, the
   * deal opened, the first touch, and one row per stage move or ending.
   */
  private static List<AuditEntry> useCaseAudit(DealPlan p, List<Transition> moves) {
    List<AuditEntry> out = new ArrayList<>();
    String owner = p.owner().toString();
    Instant created = p.openedAt().minus(Duration.ofMinutes(30));
    out.add(entry(p, AuditEntry.SYSTEM, "offered", "offered to " + owner, created.plusSeconds(5)));
    out.add(entry(p, owner, "deal_opened", "deal opened at stage 0", p.openedAt()));
    out.add(entry(p, owner, "contacted", "first touch by phone", p.firstTouchAt()));
    int n = 0;
    for (Transition t : moves) {
      String action =
          switch (t.kind()) {
            case ADVANCE -> "stage_advanced";
            case SKIP -> "stage_skipped";
            case BACK -> "stage_back";
            case WIN -> "deal_won";
            case LOSE -> "deal_lost";
            default -> "deal_invalid";
          };
      out.add(
          new AuditEntry(
              p.id(),
              owner,
              action,
              t.from() + " -> " + t.to() + (t.reason() == null ? "" : ": " + t.reason()),
              action + "-" + p.id() + "-" + n++,
              t.at()));
    }
    return out;
  }

  private static AuditEntry entry(DealPlan p, String actor, String action, String why, Instant at) {
    return new AuditEntry(p.id(), actor, action, why, action + "-" + p.id(), at);
  }

  /**
   * The {@code deals.checkpoints} text as {@code PostgresDeals} writes it (package-private there):
   * one line per checkpoint, {@code id|state|kinds|evidence ids|doneAt|doneBy|dueAt}. The benchmark
   * reads a sample back through the production adapter and compares, so a drift shows.
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
                  s.doneAt() == null ? "" : s.doneAt().toString(),
                  s.doneBy() == null ? "" : s.doneBy().toString(),
                  s.dueAt() == null ? "" : s.dueAt().toString());
            })
        .collect(Collectors.joining("\n"));
  }

  /** One table's COPY in text format, sent in chunks of about 1 MB. */
  private static final class Rows implements AutoCloseable {
    private final CopyIn in;
    private final StringBuilder buffer = new StringBuilder(1 << 20);

    Rows(CopyManager copy, String table) throws SQLException {
      this.in = copy.copyIn("COPY " + table + " FROM STDIN");
    }

    void row(@Nullable Object... values) throws SQLException {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          buffer.append('\t');
        }
        Object v = values[i];
        if (v == null) {
          buffer.append("\\N");
        } else {
          String text = v.toString();
          for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            switch (ch) {
              case '\\' -> buffer.append("\\\\");
              case '\t' -> buffer.append("\\t");
              case '\n' -> buffer.append("\\n");
              case '\r' -> buffer.append("\\r");
              default -> buffer.append(ch);
            }
          }
        }
      }
      buffer.append('\n');
      if (buffer.length() >= 1 << 20) {
        flush();
      }
    }

    private void flush() throws SQLException {
      byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
      in.writeToCopy(bytes, 0, bytes.length);
      buffer.setLength(0);
    }

    @Override
    public void close() throws SQLException {
      flush();
      in.endCopy();
    }
  }
}
