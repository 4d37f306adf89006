package io.salesbot.server.demo;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.stage.domain.StageMove.Kind;
import io.salesbot.core.stage.domain.Transition;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The demo deals of the try-out mode: for each team, a handful of deals claimed by its reps in
 * every stage (one fresh with a skip request waiting for the manager, one past an approved skip of
 * 需求诊断 with its checkpoints owed, one sent back once, two stalled, one won, one lost), so {@code
 * /deals}, {@code /funnel}, {@code /stalled}, {@code /skips} and {@code /kpi} show something on
 * first start. Written through the ports as the use cases would (lead ingested, routed, claimed;
 * deal opened; each move one conditional save with its {@link Transition}).
 *
 * <p>Created at most once: {@link #load} does nothing when a demo lead exists or any team has an
 * open deal — and answers {@link Incomplete} when the first demo deal is there but the last one is
 * not (an earlier attempt stopped half-way). {@link DemoDealsLoader} tries again and says so.
 */
public final class DemoDeals {
  /** The intake source of the demo leads. */
  public static final String SOURCE = "demo";

  private static final String MARKER = "demo-deal-";

  private final Leads leads;
  private final Deals deals;
  private final TeamDirectory directory;
  private final StageModel model;
  private final StageSettings stages;
  private final Clock clock;

  /**
   * @param stages the configured stages, and the lost reasons and owed-for period the demo deals
   *     use, as the use cases would
   */
  public DemoDeals(
      Leads leads, Deals deals, TeamDirectory directory, StageSettings stages, Clock clock) {
    this.leads = leads;
    this.deals = deals;
    this.directory = directory;
    this.model = stages.model();
    this.stages = stages;
    this.clock = clock;
  }

  /** The lost reason of the demo's lost deal: the second configured one (选择了竞品 by default). */
  String lostReason() {
    List<String> reasons = stages.lostReasons();
    return reasons.get(Math.min(1, reasons.size() - 1));
  }

  /** One step of a demo deal: a move to stage {@code to}, {@code daysAgo} days before now. */
  private record Step(Kind kind, int to, double daysAgo) {}

  /**
   * One demo deal: owned by the team's rep number {@code rep} (cycled), claimed {@code openedAgo}
   * days ago, touched first {@code touchedAgo} days ago; {@code pendingSkipTo} a skip request still
   * waiting for the manager.
   */
  private record Script(
      String company,
      int rep,
      double openedAgo,
      double touchedAgo,
      List<Step> steps,
      @Nullable Integer pendingSkipTo) {}

  /** The deals created, or 0 when there were some already (nothing written then). */
  public Mono<Integer> load() {
    List<Team> teams = directory.teams().stream().filter(t -> !t.members().isEmpty()).toList();
    if (teams.isEmpty()) {
      return Mono.just(0);
    }
    Team lastTeam = teams.get(teams.size() - 1);
    String lastId = leadId(intakeId(lastTeam, scripts().size() - 1));
    Mono<Boolean> present =
        leads
            .findByIntakeId(intakeId(teams.get(0), 0))
            .flatMap(
                first ->
                    deals
                        .find(lastId)
                        .map(last -> true)
                        .switchIfEmpty(
                            Mono.error(
                                () ->
                                    new Incomplete(
                                        "the first demo lead is there, the last demo deal ("
                                            + lastId
                                            + ") is not"))))
            .switchIfEmpty(
                Flux.fromIterable(teams)
                    .concatMap(t -> deals.openOfTeam(t.id()).take(1))
                    .hasElements());
    return present.flatMap(
        already ->
            already
                ? Mono.just(0)
                : Flux.fromIterable(teams)
                    .concatMap(
                        t -> {
                          List<Script> scripts = scripts();
                          return Flux.range(0, scripts.size())
                              .concatMap(i -> write(t, i, scripts.get(i)));
                        })
                    .count()
                    .map(Long::intValue));
  }

  /** The deals of one team, laid out over the stage model whatever its length. */
  private List<Script> scripts() {
    int last = model.last();
    int two = Math.min(2, last);
    int three = Math.min(3, last);
    List<Script> s = new ArrayList<>();
    s.add(new Script("上海启明智能制造有限公司", 0, 2, 1.5, List.of(), two > 0 ? two : null));
    s.add(new Script("杭州云帆零售科技有限公司", 1, 20, 19, path(1, 19, 12), null));
    if (two == 2) {
      // past 需求诊断 with the manager's approval: its checkpoints owed
      s.add(new Script("苏州恒通物流有限公司", 2, 15, 14, List.of(new Step(Kind.SKIP, 2, 10)), null));
    }
    List<Step> rework = new ArrayList<>(path(three, 27, 8));
    if (three >= 2) {
      rework.add(new Step(Kind.BACK, three - 1, 6));
      rework.add(new Step(Kind.ADVANCE, three, 3));
    }
    s.add(new Script("南京华信医疗器械有限公司", 0, 28, 27, rework, null));
    s.add(new Script("宁波海润教育咨询有限公司", 1, 25, 24, path(last, 24, 4), null));
    List<Step> won = new ArrayList<>(path(last, 28, 6));
    won.add(new Step(Kind.WIN, last, 2));
    s.add(new Script("无锡天成机械股份有限公司", 2, 29, 28, won, null));
    List<Step> lost = new ArrayList<>(path(Math.min(1, last), 18, 10));
    lost.add(new Step(Kind.LOSE, Math.min(1, last), 5));
    s.add(new Script("合肥新锐软件有限公司", 0, 20, 18, lost, null));
    // stalled: the last progress ten days beyond the stage's stalledAfter
    for (int stage : List.of(Math.min(1, last), two)) {
      double quiet = model.stage(stage).stalledAfter().toHours() / 24.0 + 10;
      s.add(
          new Script(
              stage == two ? "常州中联建材有限公司" : "温州鼎盛电器有限公司",
              stage == two ? 1 : 2,
              quiet + 30,
              quiet + 28,
              path(stage, quiet + 28, quiet),
              null));
      if (two == Math.min(1, last)) {
        break;
      }
    }
    return s;
  }

  /** Advances from stage 0 to {@code to}, evenly from {@code fromAgo} to {@code toAgo} days ago. */
  private static List<Step> path(int to, double fromAgo, double toAgo) {
    List<Step> steps = new ArrayList<>();
    for (int i = 1; i <= to; i++) {
      steps.add(new Step(Kind.ADVANCE, i, fromAgo - (fromAgo - toAgo) * i / to));
    }
    return steps;
  }

  private Mono<Deal> write(Team team, int n, Script s) {
    Instant now = clock.instant();
    Address owner = team.members().get(s.rep() % team.members().size()).id();
    String intake = intakeId(team, n);
    String id = leadId(intake);
    Instant opened = ago(now, s.openedAgo());
    LeadSubmission submission =
        new LeadSubmission(
            intake,
            SOURCE,
            null,
            null,
            s.company(),
            team.regions().isEmpty() ? null : team.regions().get(0),
            null,
            null,
            "演示数据",
            null,
            null,
            Map.of(),
            Priority.NORMAL);
    Instant created = opened.minus(Duration.ofMinutes(20));
    Mono<Deal> chain =
        leads
            .ingest(submission, id, created, Duration.ZERO)
            .then(leads.route(id, team.id(), audit(id, AuditEntry.SYSTEM, "routed", created)))
            .then(leads.claim(id, owner, opened, audit(id, owner.toString(), "claimed", opened)))
            .then(deals.open(Deal.open(id, team.id(), owner, opened, model)))
            .flatMap(
                d ->
                    saved(
                        deals.save(
                            d.completed(
                                model.checkpoint(StageModel.FIRST_TOUCH).orElseThrow(),
                                owner,
                                ago(now, s.touchedAgo())))));
    for (Step step : s.steps()) {
      chain = chain.flatMap(d -> move(team, d, step, now));
    }
    Integer pending = s.pendingSkipTo();
    if (pending != null) {
      chain =
          chain.flatMap(
              d ->
                  deals
                      .requestSkip(
                          new SkipRequest(
                              id + "-skip",
                              id,
                              d.stage(),
                              pending,
                              owner,
                              "客户已有成熟方案，需求已在首次沟通中确认",
                              now.minus(Duration.ofHours(2)),
                              SkipRequest.State.PENDING,
                              null,
                              null))
                      .thenReturn(d));
    }
    return chain.flatMap(d -> closeLead(d).thenReturn(d));
  }

  private Mono<Deal> move(Team team, Deal d, Step step, Instant now) {
    Instant at = ago(now, step.daysAgo());
    Deal done = d;
    if (step.kind() != Kind.BACK && step.kind() != Kind.LOSE) {
      for (CheckpointDef c : model.stage(d.stage()).required()) {
        done = done.completed(c, d.owner(), at); // the gate open, as the evidence would have it
      }
    }
    String reason = null;
    List<CheckpointDef> owed = List.of();
    Deal next;
    switch (step.kind()) {
      case ADVANCE, SKIP -> {
        owed = StageMove.skipped(done, step.to(), model);
        next = done.movedTo(step.to(), at, owed, owed.isEmpty() ? null : at.plus(stages.owedFor()));
      }
      case BACK -> {
        reason = "客户预算调整，重新确认需求";
        next = d.movedTo(step.to(), at, List.of(), null);
      }
      case WIN -> next = done.closed(DealOutcome.WON, null, at);
      default -> {
        reason = lostReason();
        next = d.closed(DealOutcome.LOST, reason, at);
      }
    }
    next = versioned(next, d.version() + 1);
    Transition t =
        new Transition(
            d.id(),
            step.kind(),
            d.stage(),
            next.stage(),
            next.outcome(),
            d.owner(),
            reason,
            List.of(),
            !owed.isEmpty(),
            at);
    Mono<Deal> save = saved(deals.save(next, t));
    if (step.kind() != Kind.SKIP) {
      return save;
    }
    SkipRequest asked =
        new SkipRequest(
            d.id() + "-skip",
            d.id(),
            d.stage(),
            step.to(),
            d.owner(),
            "客户需求明确，已由技术团队现场确认",
            at.minus(Duration.ofHours(5)),
            SkipRequest.State.PENDING,
            null,
            null);
    return deals
        .requestSkip(asked)
        .then(deals.decideSkip(asked.decided(true, team.manager(), at.minus(Duration.ofHours(1)))))
        .then(save);
  }

  private Mono<Void> closeLead(Deal d) {
    if (!d.outcome().closed()) {
      return Mono.empty();
    }
    LeadStatus status = LeadStatus.valueOf(d.outcome().name());
    return leads
        .close(
            d.id(),
            d.owner(),
            status,
            audit(
                d.id(),
                d.owner().toString(),
                "lead_" + status.name().toLowerCase(java.util.Locale.ROOT),
                d.lastProgressAt()))
        .then();
  }

  /** The first demo deal is stored and the last one is not: an earlier load stopped half-way. */
  public static final class Incomplete extends IllegalStateException {
    Incomplete(String message) {
      super(message);
    }
  }

  private static String leadId(String intake) {
    return UUID.nameUUIDFromBytes(intake.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String intakeId(Team team, int n) {
    return MARKER + team.id() + "-" + n;
  }

  private static Instant ago(Instant now, double days) {
    return now.minus(Duration.ofMinutes(Math.round(days * 24 * 60)));
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
        Mono.error(() -> new IllegalStateException("a demo deal changed while it was written")));
  }

  private static AuditEntry audit(String leadId, String actor, String action, Instant at) {
    return new AuditEntry(leadId, actor, action, "demo data", MARKER + action + "-" + leadId, at);
  }
}
