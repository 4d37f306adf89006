package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.stage.domain.StageMove.Kind;
import io.salesbot.core.stage.domain.Transition;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Generates a sales organisation's deals from a seed: reps in teams by region, deals claimed over a
 * period and moved through the stages with transitions, approved skips, moves back and stalls, and
 * writes them through the ports ({@link Leads}, {@link Deals}) the way the use cases would (lead
 * ingested, routed, claimed; deal opened, first touch, each move one conditional save with its
 * {@link Transition}; a skip with its approved {@link SkipRequest}; an ending closes the lead). It
 * works for the in-memory fakes and for PostgreSQL alike.
 *
 * <p>It reproduces the seed's situation: the east region (华东) skips 需求诊断 much more often (the
 * manager approves a skip from 初步接触 straight to 方案呈现) and sends more deals back. The same seed
 * gives the same deals; {@link Figures} reports what was put in, per team and per region.
 */
public final class DealGenerator {
  /** The regions, in order; team {@code k} covers region {@code k % 6}. */
  public static final List<String> REGIONS = List.of("华东", "华南", "华北", "华中", "西南", "西北");

  public static final String EAST = "华东";

  private static final List<String> TEAM_PREFIX =
      List.of("east", "south", "north", "central", "southwest", "northwest");
  private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
  private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰"};
  private static final String[] INDUSTRY = {"制造", "零售", "教育", "医疗", "物流"};

  private final Leads leads;
  private final Deals deals;
  private final StageModel model;

  public DealGenerator(Leads leads, Deals deals, StageModel model) {
    this.leads = leads;
    this.deals = deals;
    this.model = model;
  }

  /**
   * What to generate.
   *
   * @param reps reps in all, {@code teamSize} to a team, teams spread over {@link #REGIONS}
   * @param end the end of the period (exclusive); it starts {@code months} × 30 days earlier
   * @param stallShare of the deals open at the end, the share stalled then
   * @param closedShare the share of deals won, lost or invalid by the end
   * @param eastSkip the chance that an east (华东) deal going beyond 需求诊断 skips it
   * @param otherSkip the same for the other regions
   * @param eastBack the chance of an east move back after each move into 方案呈现 or later
   * @param otherBack the same for the other regions
   * @param concurrency deals written at once (plans do not depend on it)
   */
  public record Settings(
      long seed,
      int reps,
      int teamSize,
      int deals,
      int months,
      Instant end,
      double stallShare,
      double closedShare,
      double eastSkip,
      double otherSkip,
      double eastBack,
      double otherBack,
      int concurrency) {
    /** 300 reps in teams of 10, six months, about 20,000 deals, a quarter of open deals stalled. */
    public static Settings defaults(long seed) {
      return new Settings(
          seed,
          300,
          10,
          20_000,
          6,
          Instant.parse("2026-12-01T00:00:00Z"),
          0.25,
          0.4,
          0.45,
          0.08,
          0.2,
          0.05,
          4);
    }

    public Settings withScale(int newReps, int newDeals) {
      return new Settings(
          seed,
          newReps,
          teamSize,
          newDeals,
          months,
          end,
          stallShare,
          closedShare,
          eastSkip,
          otherSkip,
          eastBack,
          otherBack,
          concurrency);
    }

    public Settings withStallShare(double share) {
      return new Settings(
          seed,
          reps,
          teamSize,
          deals,
          months,
          end,
          share,
          closedShare,
          eastSkip,
          otherSkip,
          eastBack,
          otherBack,
          concurrency);
    }

    public Settings withConcurrency(int n) {
      return new Settings(
          seed,
          reps,
          teamSize,
          deals,
          months,
          end,
          stallShare,
          closedShare,
          eastSkip,
          otherSkip,
          eastBack,
          otherBack,
          n);
    }

    public Instant start() {
      return end.minus(Duration.ofDays(30L * months));
    }
  }

  /** Counts put in: forward moves, the overridden ones (approved skips), moves back, stalls. */
  public record Counts(
      long deals, long forward, long overridden, long back, long open, long stalled) {
    static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

    Counts plus(DealPlan p) {
      boolean isOpen = p.outcome() == DealOutcome.OPEN;
      return new Counts(
          deals + 1,
          forward + p.forward(),
          overridden + p.overridden(),
          back + p.back(),
          open + (isOpen ? 1 : 0),
          stalled + (p.stalled() ? 1 : 0));
    }

    /** 跨阶段推进准确率 as put in: forward moves not overridden, of all forward moves. */
    public double inOrderRate() {
      return forward == 0 ? 1 : (double) (forward - overridden) / forward;
    }

    public double skipRate() {
      return forward == 0 ? 0 : (double) overridden / forward;
    }

    /** Moves back per forward move. */
    public double reworkRate() {
      return forward == 0 ? 0 : (double) back / forward;
    }

    /** 项目停滞率 as put in: stalled of open at the end. */
    public double stallRate() {
      return open == 0 ? 0 : (double) stalled / open;
    }
  }

  /** What was generated: the teams, the period, and the counts per team, per region and in all. */
  public record Figures(
      List<Team> teams,
      Instant from,
      Instant to,
      Map<String, Counts> byTeam,
      Map<String, Counts> byRegion,
      Counts total) {
    public StaticTeamDirectory directory() {
      return new StaticTeamDirectory(teams, teams.get(0).id());
    }

    /** The region a team covers. */
    public String regionOf(String teamId) {
      return teams.stream()
          .filter(t -> t.id().equals(teamId))
          .findFirst()
          .orElseThrow()
          .regions()
          .get(0);
    }
  }

  /** The teams {@code settings} describes (also without writing anything). */
  public static List<Team> teams(Settings s) {
    int count = Math.max(1, (s.reps() + s.teamSize() - 1) / s.teamSize());
    List<Team> teams = new ArrayList<>();
    int rep = 0;
    for (int k = 0; k < count; k++) {
      int region = k % REGIONS.size();
      String id = String.format("%s-%02d", TEAM_PREFIX.get(region), k / REGIONS.size() + 1);
      List<Member> members = new ArrayList<>();
      for (int i = 0; i < s.teamSize() && rep < s.reps(); i++, rep++) {
        members.add(new Member(Address.parse("sandbox:rep" + rep), name(rep)));
      }
      teams.add(
          new Team(
              id,
              REGIONS.get(region) + "销售" + (k / REGIONS.size() + 1) + "组",
              List.of(REGIONS.get(region)),
              Address.parse("sandbox:mgr-" + id),
              name(10_000 + k),
              members));
    }
    return teams;
  }

  /** The plans {@code settings} gives: pure, the same for the same settings. */
  public List<DealPlan> plan(Settings s) {
    Random random = new Random(s.seed());
    List<Team> teams = teams(s);
    List<DealPlan> plans = new ArrayList<>(s.deals());
    for (int i = 0; i < s.deals(); i++) {
      plans.add(planOne(random, s, teams.get(random.nextInt(teams.size()))));
    }
    return plans;
  }

  /** Plans and writes the deals; the figures put in. */
  public Mono<Figures> generate(Settings s) {
    List<DealPlan> plans = plan(s);
    Figures figures = figures(s, plans);
    return Flux.fromIterable(plans)
        .flatMap(this::write, Math.max(1, s.concurrency()))
        .then(Mono.just(figures));
  }

  /**
   * What {@code plans} (of {@code s}) put in, per team, per region and in all — without writing
   * anything (the benchmarks plan, count, then write the plans in slices of their own).
   */
  public static Figures figures(Settings s, List<DealPlan> plans) {
    Map<String, Counts> byTeam = new LinkedHashMap<>();
    Map<String, Counts> byRegion = new LinkedHashMap<>();
    Counts total = Counts.NONE;
    for (DealPlan p : plans) {
      byTeam.merge(p.teamId(), Counts.NONE.plus(p), (a, b) -> a.plus(p));
      byRegion.merge(p.region(), Counts.NONE.plus(p), (a, b) -> a.plus(p));
      total = total.plus(p);
    }
    return new Figures(
        teams(s), s.start(), s.end(), Map.copyOf(byTeam), Map.copyOf(byRegion), total);
  }

  private DealPlan planOne(Random r, Settings s, Team team) {
    Member owner = team.members().get(r.nextInt(team.members().size()));
    String region = team.regions().get(0);
    boolean east = EAST.equals(region);
    String id = new UUID(r.nextLong(), r.nextLong()).toString();
    Instant from = s.start();
    Instant end = s.end();
    int last = model.last();
    double u = r.nextDouble();
    DealOutcome outcome;
    if (u < s.closedShare()) {
      double w = r.nextDouble();
      outcome = w < 0.45 ? DealOutcome.WON : w < 0.9 ? DealOutcome.LOST : DealOutcome.INVALID;
    } else {
      outcome = DealOutcome.OPEN;
    }
    boolean stalled = outcome == DealOutcome.OPEN && r.nextDouble() < s.stallShare();
    int finalStage = outcome == DealOutcome.WON ? last : r.nextInt(last + 1);
    Duration stalledAfter = model.stage(finalStage).stalledAfter();
    Instant opened;
    Instant lastAt;
    if (stalled) {
      // its last progress lies more than stalledAfter (plus a day) before the end
      Instant latest = end.minus(stalledAfter).minus(Duration.ofDays(1));
      opened = between(r, from, latest.minus(Duration.ofDays(1)));
      lastAt = between(r, opened.plus(Duration.ofHours(2)), latest);
    } else if (outcome == DealOutcome.OPEN) {
      // progress within stalledAfter (less a day) of the end
      opened = between(r, from, end.minus(Duration.ofDays(1)));
      Instant earliest = end.minus(stalledAfter).plus(Duration.ofDays(1));
      lastAt =
          between(
              r,
              opened.isAfter(earliest) ? opened.plus(Duration.ofHours(2)) : earliest,
              end.minus(Duration.ofHours(1)));
    } else {
      opened = between(r, from, end.minus(Duration.ofDays(2)));
      lastAt = between(r, opened.plus(Duration.ofDays(1)), end.minus(Duration.ofHours(1)));
    }
    List<Kind> kinds = new ArrayList<>();
    List<int[]> steps = new ArrayList<>();
    int stage = 0;
    int backs = 0;
    while (stage < finalStage) {
      if (stage == 0 && finalStage >= 2 && r.nextDouble() < (east ? s.eastSkip() : s.otherSkip())) {
        kinds.add(Kind.SKIP);
        steps.add(new int[] {0, 2});
        stage = 2;
      } else {
        kinds.add(Kind.ADVANCE);
        steps.add(new int[] {stage, stage + 1});
        stage++;
      }
      if (stage >= 2 && backs < 2 && r.nextDouble() < (east ? s.eastBack() : s.otherBack())) {
        kinds.add(Kind.BACK);
        steps.add(new int[] {stage, stage - 1});
        stage--;
        backs++;
      }
    }
    switch (outcome) {
      case WON -> kinds.add(Kind.WIN);
      case LOST -> kinds.add(Kind.LOSE);
      case INVALID -> kinds.add(Kind.INVALIDATE);
      default -> {}
    }
    if (outcome.closed()) {
      steps.add(new int[] {stage, stage});
    }
    // times: the first touch soon after the claim, the moves spread up to lastAt
    int n = kinds.size();
    Instant firstTouch =
        n == 0
            ? lastAt
            : earliest(
                opened.plus(Duration.ofHours(4)),
                opened.plus(Duration.between(opened, lastAt).dividedBy(n + 1)));
    List<Double> fractions = new ArrayList<>();
    for (int i = 0; i < n - 1; i++) {
      fractions.add(r.nextDouble());
    }
    fractions.sort(null);
    fractions.add(1.0);
    long window = Duration.between(firstTouch, lastAt).toMillis();
    List<DealPlan.Move> moves = new ArrayList<>();
    Instant previous = firstTouch;
    for (int i = 0; i < n; i++) {
      Instant at = firstTouch.plusMillis(Math.round(window * fractions.get(i)));
      at = at.isAfter(previous) ? at : previous.plusMillis(1); // strictly in order
      previous = at;
      int[] step = steps.get(i);
      moves.add(new DealPlan.Move(kinds.get(i), step[0], step[1], at, kinds.get(i) == Kind.SKIP));
    }
    return new DealPlan(
        id,
        team.id(),
        region,
        owner.id(),
        team.manager(),
        opened,
        firstTouch,
        moves,
        outcome,
        stalled);
  }

  private static Instant between(Random r, Instant a, Instant b) {
    long span = Duration.between(a, b).toMillis();
    Instant at = span <= 0 ? a : a.plusMillis((long) (r.nextDouble() * span));
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String name(int n) {
    return SURNAMES[n % SURNAMES.length]
        + GIVEN[(n / SURNAMES.length) % GIVEN.length]
        + (n >= 100 ? String.valueOf(n / 100) : "");
  }

  /**
   * Writes one plan through the ports, as the use cases would, move by move ({@link #generate}
   * writes them all; the benchmarks write slices of {@link #plan} into fresh in-memory stores).
   */
  public Mono<Void> write(DealPlan p) {
    String owner = p.owner().toString();
    LeadSubmission submission =
        new LeadSubmission(
            "gen-" + p.id(),
            "generator",
            name(Math.abs(p.id().hashCode()) % 10_000),
            null,
            "客户" + p.id().substring(0, 6) + "有限公司",
            p.region(),
            INDUSTRY[Math.abs(p.id().hashCode() / 7) % INDUSTRY.length],
            null,
            null,
            null,
            null,
            Map.of(),
            Priority.NORMAL);
    Instant created = p.openedAt().minus(Duration.ofMinutes(30));
    Mono<Deal> opened =
        leads
            .ingest(submission, p.id(), created, Duration.ZERO)
            .then(leads.route(p.id(), p.teamId(), audit(p, AuditEntry.SYSTEM, "routed", created)))
            .then(
                leads.claim(
                    p.id(), p.owner(), p.openedAt(), audit(p, owner, "claimed", p.openedAt())))
            .then(deals.open(Deal.open(p.id(), p.teamId(), p.owner(), p.openedAt(), model)))
            .flatMap(
                d ->
                    saved(
                        deals.save(
                            d.completed(
                                model.checkpoint(StageModel.FIRST_TOUCH).orElseThrow(),
                                p.owner(),
                                p.firstTouchAt()))));
    Mono<Deal> chain = opened;
    for (DealPlan.Move m : p.moves()) {
      chain = chain.flatMap(d -> move(p, d, m));
    }
    return chain.flatMap(
        d -> {
          if (!d.outcome().closed()) {
            return Mono.empty();
          }
          LeadStatus status = LeadStatus.valueOf(d.outcome().name());
          Instant at = d.lastProgressAt();
          return leads
              .close(
                  p.id(),
                  p.owner(),
                  status,
                  audit(p, owner, "lead_" + status.name().toLowerCase(), at))
              .then();
        });
  }

  private Mono<Deal> move(DealPlan p, Deal d, DealPlan.Move m) {
    Instant at = m.at();
    Deal done = completeStage(d, p.owner(), at);
    Deal next;
    String reason = null;
    switch (m.kind()) {
      case ADVANCE, SKIP -> {
        List<CheckpointDef> owed = StageMove.skipped(done, m.to(), model);
        next = done.movedTo(m.to(), at, owed, owed.isEmpty() ? null : at.plus(Duration.ofDays(14)));
      }
      case BACK -> {
        reason = "客户需求变化，重新诊断";
        next = d.movedTo(m.to(), at, List.of(), null);
      }
      case WIN -> next = done.closed(DealOutcome.WON, null, at);
      case LOSE -> next = d.closed(DealOutcome.LOST, reason = "选择了竞品", at);
      default -> next = d.closed(DealOutcome.INVALID, reason = "非目标客户", at);
    }
    next = versioned(next, d.version() + 1);
    Transition t =
        new Transition(
            d.id(),
            m.kind(),
            d.stage(),
            next.stage(),
            next.outcome(),
            p.owner(),
            reason,
            List.of(),
            m.overridden(),
            at);
    Mono<Deal> save = saved(deals.save(next, t));
    if (m.kind() != Kind.SKIP) {
      return save;
    }
    SkipRequest asked =
        new SkipRequest(
            "skip-" + p.id() + "-" + m.from(),
            p.id(),
            m.from(),
            m.to(),
            p.owner(),
            "客户已有明确方案，直接进入方案呈现",
            at.minus(Duration.ofHours(3)),
            SkipRequest.State.PENDING,
            null,
            null);
    return deals
        .requestSkip(asked)
        .then(deals.decideSkip(asked.decided(true, p.manager(), at)))
        .then(save);
  }

  /** The current stage's required checkpoints done (the gate open), as one change. */
  private Deal completeStage(Deal d, Address by, Instant at) {
    Deal out = d;
    for (CheckpointDef c : model.stage(d.stage()).required()) {
      out = out.completed(c, by, at);
    }
    return out;
  }

  private static Deal versioned(Deal d, long version) {
    return new Deal(
        d.id(),
        d.teamId(),
        d.owner(),
        d.stage(),
        d.stageEnteredAt(),
        d.openedAt(),
        d.outcome(),
        d.outcomeReason(),
        d.checkpoints(),
        d.nextStep(),
        d.lastProgressAt(),
        version);
  }

  private static Mono<Deal> saved(Mono<Deal> save) {
    return save.switchIfEmpty(
        Mono.error(
            () -> new IllegalStateException("a generated deal changed while it was written")));
  }

  private static AuditEntry audit(DealPlan p, String actor, String action, Instant at) {
    return new AuditEntry(p.id(), actor, action, "generated", action + "-" + p.id(), at);
  }
}
