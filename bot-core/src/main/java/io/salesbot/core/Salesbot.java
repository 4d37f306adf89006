package io.salesbot.core;

import io.salesbot.core.command.AssignCommand;
import io.salesbot.core.command.BackCommand;
import io.salesbot.core.command.BindTeamCommand;
import io.salesbot.core.command.CommandSupport;
import io.salesbot.core.command.Commands;
import io.salesbot.core.command.DealCommand;
import io.salesbot.core.command.DealLookup;
import io.salesbot.core.command.DealsCommand;
import io.salesbot.core.command.DutyCommand;
import io.salesbot.core.command.HandleCommand;
import io.salesbot.core.command.HelpCommand;
import io.salesbot.core.command.InvalidCommand;
import io.salesbot.core.command.LeadsCommand;
import io.salesbot.core.command.NextStepCommand;
import io.salesbot.core.command.NoteCommand;
import io.salesbot.core.command.PoolCommand;
import io.salesbot.core.command.SkipCommand;
import io.salesbot.core.command.SlaCommand;
import io.salesbot.core.command.UnbindTeamCommand;
import io.salesbot.core.command.Welcome;
import io.salesbot.core.command.WhyCommand;
import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.InboundHandler;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.NoteFromChat;
import io.salesbot.core.lead.RelayFallback;
import io.salesbot.core.lead.SubmitLead;
import io.salesbot.core.platform.DeliverOutbound;
import io.salesbot.core.platform.OutboundHandler;
import io.salesbot.core.routing.AssignLead;
import io.salesbot.core.routing.ClaimLead;
import io.salesbot.core.routing.DistributeLead;
import io.salesbot.core.routing.IngestLead;
import io.salesbot.core.routing.OwnerListener;
import io.salesbot.core.routing.ReofferParked;
import io.salesbot.core.routing.RepeatVisit;
import io.salesbot.core.routing.RespondToOffer;
import io.salesbot.core.routing.RuleRouter;
import io.salesbot.core.score.IngestRecord;
import io.salesbot.core.score.ReleaseRecord;
import io.salesbot.core.sla.AssignFromEscalation;
import io.salesbot.core.sla.BackToPool;
import io.salesbot.core.sla.Contacted;
import io.salesbot.core.sla.ExtendResponse;
import io.salesbot.core.sla.ExtendSla;
import io.salesbot.core.sla.FirstTouch;
import io.salesbot.core.sla.FollowUpClock;
import io.salesbot.core.sla.FollowUpTimers;
import io.salesbot.core.sla.HotSla;
import io.salesbot.core.sla.ReassignHint;
import io.salesbot.core.sla.RecycleLead;
import io.salesbot.core.sla.ResponseCards;
import io.salesbot.core.sla.ResponseClock;
import io.salesbot.core.sla.ResponseFigures;
import io.salesbot.core.sla.ResponseTimers;
import io.salesbot.core.sla.SlaCards;
import io.salesbot.core.sla.SlaTimers;
import io.salesbot.core.sla.Unacknowledged;
import io.salesbot.core.sms.WelcomeSms;
import io.salesbot.core.stage.AttachEvidence;
import io.salesbot.core.stage.DealCards;
import io.salesbot.core.stage.DealSupport;
import io.salesbot.core.stage.MoveDeal;
import io.salesbot.core.stage.OpenDeal;
import io.salesbot.core.stage.ShareEvidence;
import io.salesbot.core.stage.ShareFile;
import io.salesbot.core.stage.SkipGate;
import io.salesbot.core.stage.StallActions;
import io.salesbot.core.stage.StallCards;
import io.salesbot.core.stage.StallClock;
import io.salesbot.core.stage.StallDigest;
import io.salesbot.core.stage.StallTimers;
import io.salesbot.core.timer.FireTimers;
import io.salesbot.core.timer.TimerKinds;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The core assembly: builds every use case from one record of ports and registers what each card
 * button, slash command and timer kind does. bot-server creates one over the real adapters, the
 * core tests one over in-memory fakes — one object graph in production and in tests.
 *
 * <p>Adding a button, a command or a timer kind is one handler plus one line below. Features are
 * built bottom-up — lead, routing, SLA, stages, commands — the order in which they may depend on
 * each other.
 */
public final class Salesbot {
  private final CardActions actions = new CardActions();
  private final TimerKinds timerKinds = new TimerKinds();
  private final Commands commands = new Commands();

  private final SubmitLead submitLead;
  private final RelayFallback relayFallback;
  private final InboundHandler inbound;
  private final DeliverOutbound outbound;
  private final FireTimers fireTimers;
  private final ResponseFigures responseFigures;
  private final StallDigest stallDigest;
  private final ScorecardAssembly scorecards; // issues 12 and 14

  public Salesbot(SalesbotPorts p, SalesbotSettings settings) {
    Talk talk = new Talk(p.messages(), new Replies(p.outbox()), p.clock());

    // lead: intake
    submitLead = new SubmitLead(p.inboundQueue(), p.intakeFallback(), p.clock());
    relayFallback = new RelayFallback(p.intakeFallback(), p.inboundQueue());

    // sla clocks and deals, told by routing when a rep becomes an owner
    FollowUpClock followUpClock = new FollowUpClock(p.followUps(), p.timers(), settings.policies());
    FirstTouch firstTouch =
        new FirstTouch(p.slaClocks(), p.timers(), settings.policies(), followUpClock);
    // every deal stored goes through the stall clock, which (re-)arms its stall timers
    StallClock stallClock =
        new StallClock(p.timers(), settings.stages(), settings.policies(), p.clock());
    DealSupport deals =
        new DealSupport(
            stallClock.watching(ScorecardAssembly.deriving(p, settings, timerKinds)),
            p.leads(),
            p.directory(),
            talk,
            settings.stages(),
            p.evidence(),
            p.evidenceFiles().links());
    OpenDeal openDeal = new OpenDeal(deals);
    OwnerListener newOwner = lead -> firstTouch.ownerTook(lead).then(openDeal.ownerTook(lead));

    // routing: rules, distribution, claims, offers, assignment
    DistributeLead distribute =
        new DistributeLead(
            p.leads(),
            p.routingState(),
            p.offers(),
            p.timers(),
            settings.policies(),
            talk,
            p.teamChannels());

    // ---- issue 13: response SLA from arrival; re-offers of parked leads (registered below) ----
    ResponseClock arrival = new ResponseClock(p.timers(), settings.policies());
    ReofferParked reoffer =
        new ReofferParked(p.leads(), distribute, p.timers(), p.once(), p.directory(), talk);
    responseFigures =
        new ResponseFigures(p.leads(), p.slaClocks(), settings.policies(), p.messages());
    // ---- end issue 13 ----

    // issue 13: the welcome SMS of a lead whose source asks for one (off unless configured)
    WelcomeSms welcomeSms = new WelcomeSms(p.leads(), p.timers(), p.sms(), settings.sms(), talk);
    timerKinds.on(WelcomeSms.SEND, welcomeSms.handler());
    IngestLead ingest =
        new IngestLead(
            p.leads(),
            new RuleRouter(p.directory(), settings.rules()),
            distribute,
            p.directory(),
            talk,
            (lead, team) -> arrival.arrived(lead, team).then(welcomeSms.arrived(lead)),
            new RepeatVisit(
                p.leads(),
                p.directory(),
                distribute,
                talk,
                settings.repeatWindow(),
                new HotSla(arrival, firstTouch, p.slaClocks(), settings.policies())));
    ClaimLead claim = new ClaimLead(p.leads(), p.directory(), talk, settings.policies(), newOwner);
    AssignLead assign = new AssignLead(p.leads(), p.directory(), newOwner, talk, reoffer);
    RespondToOffer respond =
        new RespondToOffer(p.leads(), p.offers(), distribute, newOwner, p.directory(), talk);
    // issue 13: a text soon after acting on a lead card is offered as its note (记录 / 不用)
    NoteFromChat chatNotes =
        new NoteFromChat(p.noteOffers(), p.leadNotes(), p.leads(), talk, settings.noteWindow());
    actions
        .on(LeadCards.CLAIM, chatNotes.remembering(click -> claim.handle(click).then()))
        .on(LeadCards.ACCEPT, chatNotes.remembering(respond::accept))
        .on(LeadCards.DECLINE, respond::decline)
        .on(NoteFromChat.RECORD, chatNotes::record)
        .on(NoteFromChat.SKIP, chatNotes::skip);
    timerKinds.on(DistributeLead.OFFER_TIMEOUT, respond);

    // sla: first touch, escalation, follow-ups, recycling
    RecycleLead recycle = new RecycleLead(p.leads(), distribute, talk, reoffer);
    // reminders and escalations nobody acted on are also e-mailed (with an email platform)
    boolean mail = p.platforms().stream().anyMatch(c -> Unacknowledged.EMAIL.equals(c.id()));
    Unacknowledged unacked =
        new Unacknowledged(
            p.timers(),
            p.directory(),
            p.leads(),
            talk,
            mail ? settings.unacknowledgedAfter() : Duration.ZERO);
    SlaTimers slaTimers =
        new SlaTimers(
            p.slaClocks(), p.leads(), p.directory(), talk, settings.policies(), unacked, recycle);
    FollowUpTimers followUpTimers =
        new FollowUpTimers(
            p.followUps(),
            p.leads(),
            p.directory(),
            settings.policies(),
            p.timers(),
            recycle,
            talk);
    actions
        .on(
            LeadCards.CONTACTED,
            chatNotes.remembering(
                new Contacted(p.slaClocks(), p.leads(), followUpClock, talk, openDeal)))
        .on(SlaCards.SLA_POOL, new BackToPool(p.leads(), p.directory(), assign, distribute, talk))
        .on(
            SlaCards.SLA_EXTEND,
            new ExtendSla(
                p.slaClocks(), p.leads(), p.directory(), firstTouch, settings.slaExtension(), talk))
        .on(SlaCards.SLA_REASSIGN, new ReassignHint(p.leads(), p.directory(), distribute, talk));
    timerKinds
        .on(FirstTouch.REMIND, slaTimers.reminder())
        .on(FirstTouch.BREACH, slaTimers.breach())
        .on(Unacknowledged.FIRST_TOUCH, slaTimers.unacknowledged())
        .on(FollowUpClock.WARN, followUpTimers.warning())
        .on(FollowUpClock.RECYCLE, followUpTimers.recycling());

    // ---- issue 13: what the response-SLA timers, its escalation buttons and re-offers do ----
    ResponseTimers responseTimers =
        new ResponseTimers(
            p.leads(),
            distribute,
            p.directory(),
            p.timers(),
            settings.slaExtension(),
            talk,
            unacked);
    timerKinds
        .on(Unacknowledged.RESPONSE, responseTimers.unacknowledged())
        .on(ResponseClock.REMIND, responseTimers.reminder())
        .on(ResponseClock.BREACH, responseTimers.breach())
        .on(ReofferParked.REOFFER, reoffer.handler());
    actions
        .on(
            ResponseCards.RESPONSE_ASSIGN,
            new AssignFromEscalation(p.leads(), p.directory(), assign, talk))
        .on(
            ResponseCards.RESPONSE_EXTEND,
            new ExtendResponse(
                p.leads(), p.directory(), p.timers(), p.once(), settings.slaExtension(), talk));
    // ---- end issue 13 ----

    // stages: evidence, gates, skips, outcomes
    ShareEvidence shareEvidence = new ShareEvidence(deals, p.evidence());
    ShareFile shareFile = new ShareFile(shareEvidence, deals, p.evidence(), p.evidenceFiles());
    MoveDeal move =
        new MoveDeal(
            deals,
            (lead, eventId) -> {
              Address owner = lead.owner();
              return owner == null ? Mono.empty() : reoffer.capFreed(owner, eventId);
            });
    SkipGate skipGate = new SkipGate(deals, move);
    actions
        .on(DealCards.ATTACH, new AttachEvidence(deals, p.evidence()))
        .on(DealCards.ADVANCE, move::advance)
        .on(DealCards.WIN, move::win)
        .on(DealCards.LOSE, move::askWhyLost)
        .on(DealCards.LOST, move::lost)
        .on(DealCards.APPROVE_SKIP, click -> skipGate.decide(click, true))
        .on(DealCards.REJECT_SKIP, click -> skipGate.decide(click, false));

    // ---- stall detection (issue 12) -------------------------------------------------------
    // idle nudge, stall escalation and its three buttons, dwell warning, overdue next step, and
    // the managers' daily digest; the timers are armed by the stall clock above
    StallTimers stallTimers = new StallTimers(deals, stallClock);
    StallActions stallActions =
        new StallActions(deals, move, new ReassignHint(p.leads(), p.directory(), distribute, talk));
    stallDigest = new StallDigest(deals, stallClock);
    actions
        .on(StallCards.PLAN, stallActions::plan)
        .on(StallCards.LOSE, stallActions::lose)
        .on(StallCards.REASSIGN, stallActions::reassign);
    timerKinds
        .on(StallClock.IDLE, stallTimers.idle())
        .on(StallClock.STALLED, stallTimers.stalled())
        .on(StallClock.DWELL, stallTimers.dwell())
        .on(StallClock.NEXT_STEP, stallTimers.nextStep())
        .on(StallClock.DIGEST, stallDigest);
    // ---- end of stall detection -----------------------------------------------------------

    // commands
    CommandSupport support = new CommandSupport(p.directory(), p.leads(), talk);
    DealLookup dealLookup = new DealLookup(support, deals);
    commands
        .register(new HelpCommand(commands, support))
        .register(new PoolCommand(support, p.leads()))
        .register(new LeadsCommand(support, p.leads(), p.slaClocks()))
        .register(AssignCommand.assign(support, assign))
        .register(AssignCommand.reassign(support, assign))
        .register(new DutyCommand(support, p.routingState(), reoffer))
        .register(new WhyCommand(support, p.leads(), p.leadNotes()))
        .register(new SlaCommand(support, p.slaClocks(), p.outboxBacklog(), responseFigures))
        .register(new BindTeamCommand(support, p.teamChannels()))
        .register(new UnbindTeamCommand(support, p.teamChannels()))
        .register(new DealsCommand(support, deals))
        .register(new DealCommand(dealLookup))
        .register(new SkipCommand(dealLookup, skipGate))
        .register(new NextStepCommand(dealLookup))
        .register(new BackCommand(dealLookup, move))
        .register(new InvalidCommand(dealLookup, move))
        .register(new NoteCommand(support, p.leadNotes()));
    // commands: manager reports (issue 12) and scorecards (issue 14)
    scorecards = ScorecardAssembly.register(p, settings, support, commands, timerKinds);

    HandleCommand handleCommand = // a text may be offered as a note and as evidence, both
        new HandleCommand(
            commands,
            support,
            t -> chatNotes.offer(t).flatMap(n -> shareEvidence.offer(t).map(e -> e || n)));
    actions.on(
        CardActions.RUN_COMMAND,
        click ->
            handleCommand.handle(
                new TextMessage(
                    click.eventId(), click.user(), click.payload(), click.receivedAt())));

    Welcome welcome = new Welcome(support, p.once());
    inbound =
        new SamePerson(
            new InboundDispatcher(
                ingest, handleCommand, shareFile, welcome, actions, p.cardReferences(), talk),
            p.directory());
    outbound = new DeliverOutbound(p.platforms(), p.deliveries(), p.outbox(), p.clock());
    fireTimers = new FireTimers(p.timers(), timerKinds, p.clock());
  }

  /** Handles each event taken from the inbound queue (leads, clicks, texts, files, joins). */
  public InboundHandler inbound() {
    return inbound;
  }

  /** Sends each command taken from a platform's outbox. */
  public OutboundHandler outbound() {
    return outbound;
  }

  /** Fires due timers; run it on a schedule. */
  public FireTimers timers() {
    return fireTimers;
  }

  /** The intake API's use case: queue a lead durably (Redis, else PostgreSQL). */
  public SubmitLead submitLead() {
    return submitLead;
  }

  /** Moves leads stored in the intake fallback (while Redis was down) onto the queue. */
  public RelayFallback relayFallback() {
    return relayFallback;
  }

  /** Response times (arrival → claim → first touch) of a lead, for the admin lead view. */
  public ResponseFigures responseFigures() {
    return responseFigures;
  }

  /** The managers' daily deal digest; {@link StallDigest#armAll()} at start-up. */
  public StallDigest stallDigest() {
    return stallDigest;
  }

  /** The record API's use case: store one scorecard record, validated (issue 14). */
  public IngestRecord ingestRecord() {
    return scorecards.ingestRecord();
  }

  /** A manager releases a quarantined scorecard record with a reason (issue 14). */
  public ReleaseRecord releaseRecord() {
    return scorecards.releaseRecord();
  }

  /** Feed health of the record sources: observe, check, holds, release (issue 14). */
  public io.salesbot.core.score.FeedHealth feedHealth() {
    return scorecards.feedHealth();
  }

  /** The registered card actions (read-only use: docs, checks). */
  public CardActions cardActions() {
    return actions;
  }

  /** The registered slash commands. */
  public Commands commands() {
    return commands;
  }

  /** The registered timer kinds. */
  public TimerKinds timerKinds() {
    return timerKinds;
  }
}
