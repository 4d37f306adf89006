package io.salesbot.core;

import io.salesbot.core.command.HandleCommand;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.lead.Cards;
import io.salesbot.core.lead.SubmitLead;
import io.salesbot.core.platform.DeliverOutbound;
import io.salesbot.core.routing.AssignLead;
import io.salesbot.core.routing.ClaimLead;
import io.salesbot.core.routing.DistributeLead;
import io.salesbot.core.routing.IngestLead;
import io.salesbot.core.routing.RespondToOffer;
import io.salesbot.core.routing.RuleRouter;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.sla.FirstTouch;
import io.salesbot.core.sla.FollowUpClock;
import io.salesbot.core.sla.FollowUpTimers;
import io.salesbot.core.sla.RecycleLead;
import io.salesbot.core.sla.SlaActions;
import io.salesbot.core.sla.SlaTimers;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.testing.EchoMessages;
import io.salesbot.core.testing.InMemoryDeliveries;
import io.salesbot.core.testing.InMemoryFollowUps;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryIntakeFallback;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.InMemoryOffers;
import io.salesbot.core.testing.InMemoryRoutingState;
import io.salesbot.core.testing.InMemorySlaClocks;
import io.salesbot.core.testing.InMemoryTimers;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.RecordingChatPlatform;
import io.salesbot.core.testing.RecordingOutbox;
import io.salesbot.core.testing.TestTeams;
import io.salesbot.core.timer.FireTimers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

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
  public final io.salesbot.core.testing.InMemoryCardReferences cardReferences =
      new io.salesbot.core.testing.InMemoryCardReferences();
  public final InMemoryRoutingState routing = new InMemoryRoutingState();
  public final InMemoryOffers offers = new InMemoryOffers();
  public final InMemoryTimers timers = new InMemoryTimers();
  public final InMemorySlaClocks clocks = new InMemorySlaClocks(leads);
  public final RecordingChatPlatform sandbox = new RecordingChatPlatform("sandbox");
  public final Replies replies = new Replies(outbox);
  public final Cards cards = new Cards(messages);
  public final TeamPolicies policies;
  public final FirstTouch firstTouch;
  public final InMemoryFollowUps followUps = new InMemoryFollowUps();
  public final io.salesbot.core.testing.InMemoryTeamChannels channels =
      new io.salesbot.core.testing.InMemoryTeamChannels();
  public final FollowUpClock followUpClock;
  public final RecycleLead recycle;
  public final FollowUpTimers followUpTimers;
  public final DistributeLead distribute;
  public final IngestLead ingest;
  public final ClaimLead claim;
  public final AssignLead assign;
  public final RespondToOffer respond;
  public final SlaTimers slaTimers;
  public final SlaActions slaActions;
  public final HandleCommand commands;
  public final InboundDispatcher dispatcher;
  public final FireTimers fireTimers;
  public final SubmitLead submit = new SubmitLead(queue, fallback, clock);
  public final DeliverOutbound deliver =
      new DeliverOutbound(List.of(sandbox), deliveries, outbox, clock);

  public PipelineFixture() {
    this(TeamPolicies.DEFAULTS, List.of());
  }

  public PipelineFixture(TeamPolicies policies, List<RoutingRule> rules) {
    this.policies = policies;
    followUpClock = new FollowUpClock(followUps, timers, policies);
    firstTouch = new FirstTouch(clocks, timers, policies, followUpClock);
    distribute =
        new DistributeLead(
            leads, routing, offers, timers, policies, cards, messages, replies, clock, channels);
    ingest =
        new IngestLead(
            leads,
            new RuleRouter(directory, () -> rules),
            distribute,
            directory,
            messages,
            replies,
            clock);
    claim = new ClaimLead(leads, directory, cards, messages, replies, clock, policies, firstTouch);
    assign = new AssignLead(leads, directory, firstTouch, cards, messages, replies, clock);
    respond =
        new RespondToOffer(
            leads, offers, distribute, firstTouch, directory, cards, messages, replies, clock);
    recycle = new RecycleLead(leads, distribute, replies, clock);
    slaTimers =
        new SlaTimers(
            clocks, leads, directory, cards, messages, replies, clock, policies, timers, recycle);
    followUpTimers =
        new FollowUpTimers(
            followUps, leads, directory, policies, timers, recycle, messages, replies, clock);
    slaActions =
        new SlaActions(
            clocks,
            leads,
            directory,
            assign,
            distribute,
            firstTouch,
            Duration.ofMinutes(15),
            cards,
            messages,
            replies,
            clock,
            followUpClock);
    commands =
        new HandleCommand(
            messages,
            replies,
            new HandleCommand.Context(
                directory, leads, routing, clocks, assign, cards, clock, channels));
    Map<String, Function<CardAction, Mono<Void>>> actions =
        Map.of(
            Cards.ACCEPT, respond::accept,
            Cards.DECLINE, respond::decline,
            Cards.CONTACTED, slaActions::contacted,
            Cards.SLA_POOL, slaActions::backToPool,
            Cards.SLA_EXTEND, slaActions::extend,
            Cards.SLA_REASSIGN, slaActions::reassignHint);
    dispatcher =
        new InboundDispatcher(ingest, claim, commands, messages, replies, cardReferences, actions);
    fireTimers =
        new FireTimers(
            timers,
            Map.of(
                DistributeLead.OFFER_TIMEOUT, respond,
                FirstTouch.REMIND, slaTimers.reminder(),
                FirstTouch.BREACH, slaTimers.breach(),
                FollowUpClock.WARN, followUpTimers.warning(),
                FollowUpClock.RECYCLE, followUpTimers.recycling()),
            clock);
  }

  /** Moves the clock and fires what is due. */
  public int advance(Duration d) {
    clock.advance(d);
    return fireTimers.fireDue(1000).block();
  }
}
