package io.salesbot.core;

import io.salesbot.core.command.CommandSupport;
import io.salesbot.core.command.Commands;
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
import io.salesbot.core.score.IngestRecord;
import io.salesbot.core.score.PublicationPolicy;
import io.salesbot.core.score.PublishScorecards;
import io.salesbot.core.score.ReleaseRecord;
import io.salesbot.core.score.RollbackScorecards;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.ScorecardNotices;
import io.salesbot.core.timer.TimerKinds;

/**
 * The part of the assembly for what managers measure: the deal reports (issue 12) and the
 * scorecards (issue 14) — record intake and release, quarantine, drafts, publication (versions,
 * hold, rollback, awards), and their commands.
 */
record ScorecardAssembly(
    IngestRecord ingestRecord, ReleaseRecord releaseRecord, PublishScorecards publish) {
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
    commands.register(new QuarantineCommand(support, p.records(), settings.recordRules()));
    // drafts of the month's scorecards (salesbot.scorecards; the seed's 三轴九维 by default)
    ScoreDrafts drafts =
        new ScoreDrafts(p.records(), p.directory(), settings.scorecard(), settings.recordRules());
    commands
        .register(new ScoreCommand(support, drafts, settings.scorecard()))
        .register(new LeaderboardCommand(support, drafts));
    // publication: versions, hold, rollback, cards, awards; feed health holds nothing (yet)
    PublicationPolicy policy =
        new PublicationPolicy(settings.publishers(), PublicationPolicy.NO_FEED_HOLDS);
    ScorecardNotices notices =
        new ScorecardNotices(
            support.talk(),
            p.directory(),
            settings.scorecard(),
            p.reporting().charts(),
            p.reporting().images());
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
    return new ScorecardAssembly(ingest, release, publish);
  }
}
