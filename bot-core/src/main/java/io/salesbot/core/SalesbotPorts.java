package io.salesbot.core;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Once;
import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.lead.IntakeFallback;
import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.Deliveries;
import io.salesbot.core.platform.OutboxBacklog;
import io.salesbot.core.routing.Offers;
import io.salesbot.core.routing.RoutingState;
import io.salesbot.core.sla.FollowUps;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.EvidenceFilePorts;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.stage.Reporting;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.timer.Timers;
import java.time.Clock;
import java.util.List;

/**
 * Everything the core needs from outside, in one record: storage (PostgreSQL in production), queues
 * and the outbox (Redis), the chat platforms, the team directory, the wording, the clock, what the
 * funnel and KPI reports need ({@link Reporting}: the reports store, the chart renderer and chart
 * images), and where evidence files are kept and fetched from. bot-server fills it with the real
 * adapters, the core tests with the in-memory fakes.
 */
public record SalesbotPorts(
    Leads leads,
    Offers offers,
    RoutingState routingState,
    Timers timers,
    SlaClocks slaClocks,
    FollowUps followUps,
    TeamChannels teamChannels,
    Deals deals,
    EvidenceStore evidence,
    TeamDirectory directory,
    Once once,
    CardReferences cardReferences,
    Deliveries deliveries,
    Outbox outbox,
    OutboxBacklog outboxBacklog,
    InboundQueue inboundQueue,
    IntakeFallback intakeFallback,
    List<ChatPlatform> platforms,
    Messages messages,
    Clock clock,
    Reporting reporting,
    LeadNotes leadNotes,
    // issue 14: scorecard records, their quarantine and holds
    io.salesbot.core.score.Records records,
    EvidenceFilePorts evidenceFiles,
    // issue 13: welcome SMS — the provider, the opt-out list, the daily counters
    io.salesbot.core.sms.SmsPorts sms,
    // issue 13: what makes a chat text a note (沟通记录 from chat)
    io.salesbot.core.lead.NoteOffers noteOffers,
    // issue 14: feed health of the record sources (observations, conditions, holds)
    io.salesbot.core.score.Feeds feeds,

    // issue 14: published scorecard versions, holds, rollbacks and their audit
    io.salesbot.core.score.Publications publications,
    // issue 14: disputes (有异议) of published scorecards and their answers
    io.salesbot.core.score.Disputes disputes) {
  public SalesbotPorts {
    platforms = List.copyOf(platforms);
  }
}
