package io.salesbot.core;

import io.salesbot.core.kernel.InboundHandler;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.lead.SubmitLead;
import io.salesbot.core.platform.OutboundHandler;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Identities;
import io.salesbot.core.testing.EchoMessages;
import io.salesbot.core.testing.InMemoryCardReferences;
import io.salesbot.core.testing.InMemoryDeliveries;
import io.salesbot.core.testing.InMemoryFollowUps;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryIntakeFallback;
import io.salesbot.core.testing.InMemoryLeadNotes;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.InMemoryOffers;
import io.salesbot.core.testing.InMemoryOnce;
import io.salesbot.core.testing.InMemoryRoutingState;
import io.salesbot.core.testing.InMemorySlaClocks;
import io.salesbot.core.testing.InMemoryTeamChannels;
import io.salesbot.core.testing.InMemoryTimers;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.RecordingChatPlatform;
import io.salesbot.core.testing.RecordingOutbox;
import io.salesbot.core.testing.TestTeams;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The core assembly ({@link Salesbot}) over in-memory fakes, exactly as bot-server builds it over
 * the real adapters; the fakes stay reachable for set-up and assertions.
 */
public final class PipelineFixture {
  public final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
  public final StaticTeamDirectory directory = TestTeams.directory();
  public final EchoMessages messages = new EchoMessages();
  public final InMemoryLeads leads = new InMemoryLeads();
  public final RecordingOutbox outbox = new RecordingOutbox();
  public final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  public final InMemoryIntakeFallback fallback = new InMemoryIntakeFallback();
  public final InMemoryDeliveries deliveries = new InMemoryDeliveries();
  public final InMemoryCardReferences cardReferences = new InMemoryCardReferences();
  public final InMemoryRoutingState routing = new InMemoryRoutingState();
  public final InMemoryOffers offers = new InMemoryOffers();
  public final InMemoryTimers timers = new InMemoryTimers();
  public final InMemorySlaClocks clocks = new InMemorySlaClocks(leads);
  public final InMemoryFollowUps followUps = new InMemoryFollowUps();
  public final InMemoryTeamChannels channels = new InMemoryTeamChannels();
  public final io.salesbot.core.testing.RecordingChartRenderer charts =
      io.salesbot.core.testing.RecordingChartRenderer.drawing();
  public final io.salesbot.core.testing.InMemoryChartImages chartImages =
      new io.salesbot.core.testing.InMemoryChartImages();
  public final InMemoryLeadNotes notes = new InMemoryLeadNotes();
  public final io.salesbot.core.testing.InMemoryNoteOffers noteOffers =
      new io.salesbot.core.testing.InMemoryNoteOffers();
  public final io.salesbot.core.testing.InMemoryDeals deals =
      new io.salesbot.core.testing.InMemoryDeals();
  public final io.salesbot.core.testing.InMemoryEvidence evidence =
      new io.salesbot.core.testing.InMemoryEvidence();
  public final io.salesbot.core.testing.InMemoryRecords records =
      new io.salesbot.core.testing.InMemoryRecords();

  /** Published scorecard versions (issue 14); the East manager may publish. */
  public final io.salesbot.core.testing.InMemoryPublications publications =
      new io.salesbot.core.testing.InMemoryPublications();

  /** Disputes (有异议) of published scorecards (issue 14). */
  public final io.salesbot.core.testing.InMemoryDisputes disputes =
      new io.salesbot.core.testing.InMemoryDisputes();

  public final RecordingChatPlatform sandbox = new RecordingChatPlatform("sandbox");

  // issue 14: feed health — alerts to OPS; source finance watched for 26 h of silence
  public final io.salesbot.core.testing.InMemoryFeeds feeds =
      new io.salesbot.core.testing.InMemoryFeeds();
  public static final io.salesbot.core.kernel.domain.Address OPS =
      io.salesbot.core.kernel.domain.Address.parse("sandbox:group:ops");
  public static final io.salesbot.core.score.FeedSettings FEEDS =
      io.salesbot.core.score.FeedSettings.defaults(OPS)
          .withMaxGaps(Map.of("finance", Duration.ofHours(26)));

  /**
   * The e-mail platform; in the assembly only with {@link #PipelineFixture(Identities, Duration)}.
   */
  public final RecordingChatPlatform email = new RecordingChatPlatform("email");

  public final io.salesbot.core.testing.InMemoryEvidenceFiles evidenceFiles =
      new io.salesbot.core.testing.InMemoryEvidenceFiles(
          new io.salesbot.core.stage.EvidenceLimits(
              1024, io.salesbot.core.stage.EvidenceLimits.DEFAULT_TYPES));
  public final io.salesbot.core.testing.RecordingMediaSource media =
      new io.salesbot.core.testing.RecordingMediaSource("sandbox");
  public final io.salesbot.core.stage.EvidenceLinks links =
      new io.salesbot.core.stage.EvidenceLinks(
          "https://bot.example.com",
          "0123456789abcdef0123".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          Duration.ofHours(24));

  // issue 13: welcome SMS
  public final io.salesbot.core.testing.RecordingSmsSender sms =
      new io.salesbot.core.testing.RecordingSmsSender();
  public final io.salesbot.core.testing.InMemoryQuotas quotas =
      new io.salesbot.core.testing.InMemoryQuotas(clock);
  public final java.util.Set<String> smsOptOuts =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The scorecard settings (models per period, derived records); a test may replace them. */
  public volatile io.salesbot.core.score.ScorecardSettings scorecards =
      io.salesbot.core.score.ScorecardSettings.defaults();

  /** What {@code /sla} shows managers as waiting in the outbox, per platform. */
  public volatile Map<String, Long> waiting = Map.of();

  /** What {@code /sla} shows managers of the platforms' monthly quotas. */
  public volatile List<io.salesbot.core.platform.MonthlyQuota.Use> monthlyQuotas = List.of();

  public final TeamPolicies policies;
  public final Talk talk;
  public final Salesbot salesbot;
  public final InboundHandler dispatcher;
  public final OutboundHandler deliver;
  public final SubmitLead submit;

  public PipelineFixture() {
    this(TeamPolicies.DEFAULTS, List.of());
  }

  public PipelineFixture(TeamPolicies policies, List<RoutingRule> rules) {
    this(policies, rules, io.salesbot.core.stage.StageSettings.defaults());
  }

  public PipelineFixture(
      TeamPolicies policies, List<RoutingRule> rules, io.salesbot.core.stage.StageSettings stages) {
    this(
        policies,
        rules,
        stages,
        Identities.NONE,
        null,
        io.salesbot.core.sms.domain.SmsSettings.OFF);
  }

  /**
   * People with further addresses, and the e-mail platform, so that reminders and escalations not
   * acted on within {@code unacknowledgedAfter} are also e-mailed.
   */
  public PipelineFixture(
      TeamPolicies policies, Identities identities, Duration unacknowledgedAfter) {
    this(
        policies,
        List.of(),
        io.salesbot.core.stage.StageSettings.defaults(),
        identities,
        unacknowledgedAfter,
        io.salesbot.core.sms.domain.SmsSettings.OFF);
  }

  /** With welcome SMS as {@code sms} says, sent to {@link #sms}. */
  public PipelineFixture(io.salesbot.core.sms.domain.SmsSettings sms) {
    this(
        TeamPolicies.DEFAULTS,
        List.of(),
        io.salesbot.core.stage.StageSettings.defaults(),
        Identities.NONE,
        null,
        sms);
  }

  private PipelineFixture(
      TeamPolicies policies,
      List<RoutingRule> rules,
      io.salesbot.core.stage.StageSettings stages,
      Identities identities,
      @org.jspecify.annotations.Nullable Duration unacknowledgedAfter,
      io.salesbot.core.sms.domain.SmsSettings smsSettings) {
    this.policies = policies;
    this.talk = new Talk(messages, new Replies(outbox), clock);
    salesbot =
        new Salesbot(
            new SalesbotPorts(
                leads,
                offers,
                routing,
                timers,
                clocks,
                followUps,
                channels,
                deals,
                evidence,
                TeamDirectory.withIdentities(directory, identities),
                new InMemoryOnce(clock),
                cardReferences,
                deliveries,
                outbox,
                new io.salesbot.core.platform.OutboxBacklog() {
                  @Override
                  public Mono<Map<String, Long>> waiting() {
                    return Mono.just(waiting);
                  }

                  @Override
                  public Mono<List<io.salesbot.core.platform.MonthlyQuota.Use>> monthlyQuotas() {
                    return Mono.just(monthlyQuotas);
                  }
                },
                queue,
                fallback,
                unacknowledgedAfter == null ? List.of(sandbox) : List.of(sandbox, email),
                messages,
                clock,
                io.salesbot.core.stage.Reporting.of(
                    new io.salesbot.core.testing.InMemoryDealReports(deals, clocks),
                    charts,
                    chartImages),
                notes,
                records,
                new io.salesbot.core.stage.EvidenceFilePorts(evidenceFiles, List.of(media), links),
                new io.salesbot.core.sms.SmsPorts(
                    sms, phone -> Mono.just(smsOptOuts.contains(phone)), quotas),
                noteOffers,
                feeds,
                publications,
                disputes),
            new SalesbotSettings(
                policies,
                () -> rules,
                Duration.ofMinutes(15),
                stages,
                io.salesbot.core.score.domain.RecordRules::defaults,
                unacknowledgedAfter == null
                    ? SalesbotSettings.UNACKNOWLEDGED_AFTER
                    : unacknowledgedAfter,
                () -> scorecards,
                smsSettings,
                SalesbotSettings.REPEAT_WINDOW,
                io.salesbot.core.lead.NoteFromChat.WINDOW,
                FEEDS,
                List.of(io.salesbot.core.testing.TestTeams.EAST_MANAGER)));
    dispatcher = salesbot.inbound();
    deliver = salesbot.outbound();
    submit = salesbot.submitLead();
  }

  /** Moves the clock and fires what is due. */
  public int advance(Duration d) {
    clock.advance(d);
    return salesbot.timers().fireDue(1000).block();
  }

  private final java.util.concurrent.atomic.AtomicInteger said =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * {@code who} sends {@code text} to the bot; the bot's text answer to it (empty when none). The
   * outbox is cleared first, so only this message's effects are in it afterwards.
   */
  public String say(io.salesbot.core.kernel.domain.Address who, String text) {
    outbox.clear();
    String id = "said-" + said.incrementAndGet();
    dispatcher
        .handle(
            new io.salesbot.core.kernel.domain.InboundEvent.TextMessage(
                id, who, text, clock.instant()))
        .block();
    return outbox.commands(io.salesbot.core.kernel.domain.OutboundCommand.SendText.class).stream()
        .filter(t -> t.commandId().equals("reply-" + id))
        .map(io.salesbot.core.kernel.domain.OutboundCommand.SendText::text)
        .findFirst()
        .orElse("");
  }
}
