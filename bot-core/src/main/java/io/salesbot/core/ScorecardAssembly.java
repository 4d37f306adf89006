package io.salesbot.core;

import io.salesbot.core.command.CommandSupport;
import io.salesbot.core.command.Commands;
import io.salesbot.core.command.DisputesCommand;
import io.salesbot.core.command.FunnelCommand;
import io.salesbot.core.command.HoldCommand;
import io.salesbot.core.command.KpiCommand;
import io.salesbot.core.command.LeaderboardCommand;
import io.salesbot.core.command.PublicationsCommand;
import io.salesbot.core.command.PublishCommand;
import io.salesbot.core.command.QuarantineCommand;
import io.salesbot.core.command.ReportSupport;
import io.salesbot.core.command.RollbackCommand;
import io.salesbot.core.command.ScoreCommand;
import io.salesbot.core.command.SkipsCommand;
import io.salesbot.core.command.StalledCommand;
import io.salesbot.core.command.WeightsCommand;
import io.salesbot.core.score.AnswerDispute;
import io.salesbot.core.score.DerivedRecords;
import io.salesbot.core.score.DisputeNotices;
import io.salesbot.core.score.FeedHealth;
import io.salesbot.core.score.IngestRecord;
import io.salesbot.core.score.OpenDispute;
import io.salesbot.core.score.PublicationPolicy;
import io.salesbot.core.score.PublishScorecards;
import io.salesbot.core.score.ReleaseRecord;
import io.salesbot.core.score.RollbackScorecards;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.ScorecardNotices;
import io.salesbot.core.score.domain.ScorecardModels;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.timer.TimerKinds;
import java.util.function.Supplier;

/**
 * The part of the assembly for what managers measure: the deal reports (issue 12) and the
 * scorecards (issue 14) — record intake and release, quarantine, feed health, drafts, the weights
 * in force, publication (versions, hold, rollback, awards), disputes, the records salesbot derives
 * from deals ({@link #deriving}), and their commands.
 */
record ScorecardAssembly(
    IngestRecord ingestRecord,
    ReleaseRecord releaseRecord,
    FeedHealth feedHealth,
    PublishScorecards publish) {
  static ScorecardAssembly register(
      SalesbotPorts p,
      SalesbotSettings settings,
      CommandSupport support,
      Commands commands,
      TimerKinds timerKinds) {
    // manager reports (funnel, KPIs, stalls, skips)
    ReportSupport reports = new ReportSupport(support, p.reporting(), settings.stages().model());
    commands
        .register(new FunnelCommand(reports))
        .register(new StalledCommand(reports))
        .register(new SkipsCommand(reports))
        .register(new KpiCommand(reports));
    // scorecard records: ingest, quarantine and holds, release; /quarantine
    IngestRecord ingest =
        new IngestRecord(p.records(), p.directory(), settings.recordRules(), p.clock());
    ReleaseRecord release =
        new ReleaseRecord(p.records(), p.directory(), settings.recordRules(), p.clock());
    // feed health of the record sources: alerts to the ops chat, holds on the periods they feed
    FeedHealth feeds =
        new FeedHealth(
            p.feeds(), support.talk(), settings.feeds(), settings.recordRules(), p.timers());
    timerKinds.on(FeedHealth.REPORT, feeds::fireReport); // the biweekly data-health card
    commands.register(new QuarantineCommand(support, p.records(), settings.recordRules(), feeds));
    // drafts of the month's scorecards (salesbot.scorecards; the seed's 三轴九维 by default), each
    // month by the model in force in it; /weights shows that model
    Supplier<ScorecardModels> models = () -> settings.scorecard().get().models();
    ScoreDrafts drafts =
        new ScoreDrafts(p.records(), p.directory(), models, settings.recordRules());
    commands
        .register(new ScoreCommand(support, drafts, models))
        .register(new LeaderboardCommand(support, drafts))
        .register(new WeightsCommand(support, drafts, models));
    // publication: versions, hold, rollback, cards, awards; held while a feed holds the month
    PublicationPolicy policy = new PublicationPolicy(settings.publishers(), feeds::heldBecause);
    ScorecardNotices notices =
        new ScorecardNotices(
            support.talk(), p.directory(), models, p.reporting().charts(), p.reporting().images());
    PublishScorecards publish =
        new PublishScorecards(
            drafts, p.records(), p.publications(), notices, policy, p.timers(), p.clock());
    RollbackScorecards rollback =
        new RollbackScorecards(p.publications(), notices, policy, publish, p.clock());
    commands
        .register(new PublishCommand(support, drafts, publish))
        .register(new HoldCommand(support, drafts, publish))
        .register(new RollbackCommand(support, drafts, rollback))
        .register(new PublicationsCommand(support, drafts, p.publications(), policy));
    timerKinds.on(PublishScorecards.WITHHELD, publish::sweep);
    // disputes (有异议): the rep's comment to the manager; accepted → correction record + version
    DisputeNotices disputeNotices =
        new DisputeNotices(support.talk(), p.directory(), models, notices);
    commands.register(
        new DisputesCommand(
            support,
            drafts,
            p.disputes(),
            new OpenDispute(p.disputes(), p.publications(), disputeNotices),
            new AnswerDispute(p.disputes(), ingest, publish, p.publications(), disputeNotices)));
    return new ScorecardAssembly(ingest, release, feeds, publish);
  }

  /**
   * The deals port through which the stage use cases store deals: with the records salesbot derives
   * from deals (proposals, visits, first touches, won deals) ingested as each change is stored;
   * what fails is derived again on a {@link DerivedRecords#RETRY} timer.
   */
  static Deals deriving(SalesbotPorts p, SalesbotSettings settings, TimerKinds timerKinds) {
    IngestRecord ingest =
        new IngestRecord(p.records(), p.directory(), settings.recordRules(), p.clock());
    DerivedRecords derived =
        new DerivedRecords(
            ingest,
            p.leads(),
            p.evidence(),
            p.slaClocks(),
            settings.scorecard(),
            p.timers(),
            p.clock());
    timerKinds.on(DerivedRecords.RETRY, t -> derived.retry(t, p.deals()));
    return derived.watching(p.deals());
  }
}
