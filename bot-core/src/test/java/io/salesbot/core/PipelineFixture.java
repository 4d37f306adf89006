package io.salesbot.core;

import io.salesbot.core.card.Cards;
import io.salesbot.core.command.HandleCommand;
import io.salesbot.core.lead.ClaimLead;
import io.salesbot.core.lead.IngestLead;
import io.salesbot.core.lead.SubmitLead;
import io.salesbot.core.platform.DeliverOutbound;
import io.salesbot.core.platform.InboundDispatcher;
import io.salesbot.core.platform.Replies;
import io.salesbot.core.routing.RegionRouter;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.testing.EchoMessages;
import io.salesbot.core.testing.InMemoryDeliveries;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryIntakeFallback;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.RecordingChatPlatform;
import io.salesbot.core.testing.RecordingOutbox;
import io.salesbot.core.testing.TestTeams;
import java.time.Instant;
import java.util.List;

/** All use cases wired to in-memory fakes, as bot-server wires them to the real adapters. */
public final class PipelineFixture {
  public final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
  public final StaticTeamDirectory directory = TestTeams.directory();
  public final EchoMessages messages = new EchoMessages();
  public final InMemoryLeads leads = new InMemoryLeads();
  public final RecordingOutbox outbox = new RecordingOutbox();
  public final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  public final InMemoryIntakeFallback fallback = new InMemoryIntakeFallback();
  public final InMemoryDeliveries deliveries = new InMemoryDeliveries();
  public final RecordingChatPlatform sandbox = new RecordingChatPlatform("sandbox");
  public final Replies replies = new Replies(outbox);
  public final Cards cards = new Cards(messages);
  public final IngestLead ingest =
      new IngestLead(
          leads, new RegionRouter(directory), directory, cards, messages, replies, clock);
  public final ClaimLead claim = new ClaimLead(leads, directory, cards, messages, replies, clock);
  public final InboundDispatcher dispatcher =
      new InboundDispatcher(ingest, claim, new HandleCommand(messages, replies), messages, replies);
  public final SubmitLead submit = new SubmitLead(queue, fallback, clock);
  public final DeliverOutbound deliver = new DeliverOutbound(List.of(sandbox), deliveries);
}
