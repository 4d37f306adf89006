package io.salesbot.server.config;

import io.lettuce.core.AbstractRedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.redis.RedisStreamSettings;
import io.salesbot.core.Salesbot;
import io.salesbot.core.SalesbotPorts;
import io.salesbot.core.SalesbotSettings;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.lead.FallbackInboundQueue;
import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.stage.EvidenceFilePorts;
import io.salesbot.core.stage.Reporting;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.server.admin.AdminHandler;
import io.salesbot.server.admin.DealView;
import io.salesbot.server.admin.ResponseView;
import io.salesbot.server.intake.IntakeHandler;
import io.salesbot.server.intake.IntakeRoute;
import io.salesbot.server.pipeline.CountingDelivery;
import io.salesbot.server.pipeline.InfrastructureOutages;
import io.salesbot.server.pipeline.IngressFirst;
import io.salesbot.server.pipeline.PipelineLifecycle;
import io.salesbot.server.pipeline.TimerLifecycle;
import io.salesbot.server.web.IntakeRequestTimer;
import io.salesbot.templates.MessageBundle;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.ObjectMapper;

/**
 * Wires the adapters (PostgreSQL, Redis, the chat platforms) and the one core assembly ({@link
 * Salesbot}) that builds every use case from them, plus the pipeline, timers and HTTP API around
 * it.
 */
@Configuration(proxyBeanMethods = false)
public class SalesbotConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(SalesbotConfiguration.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Messages messages(SalesbotProperties properties) {
    MessageBundle bundle = MessageBundle.forTag(properties.locale());
    return bundle::format;
  }

  /**
   * The one {@link TeamDirectory} every use case sees: configured teams, with the reps of teams
   * that name a directory department ({@code salesbot.teams.<id>.directory}) read from the enabled
   * platforms' {@link io.salesbot.core.team.DirectorySource}s before serving and then on schedule.
   */
  @Bean(destroyMethod = "close")
  io.salesbot.core.team.SyncedTeamDirectory teamDirectory(
      SalesbotProperties properties,
      ObjectProvider<io.salesbot.core.team.DirectorySource> directorySources) {
    io.salesbot.core.team.SyncedTeamDirectory directory =
        TeamsFactory.directory(properties, directorySources.orderedStream().toList());
    TeamsFactory.start(
        directory,
        properties.directory().refreshInterval(),
        properties.directory().startupTimeout());
    return directory;
  }

  /** Redis or Redis Cluster (see {@link RedisClients}). */
  @Bean(destroyMethod = "shutdown")
  AbstractRedisClient salesbotRedisClient(
      DataRedisConnectionDetails details, ObjectProvider<DataRedisProperties> properties) {
    return RedisClients.create(details, properties.getIfAvailable());
  }

  @Bean(destroyMethod = "close")
  RedisAdapter redisAdapter(
      AbstractRedisClient client, SalesbotProperties properties, Clock clock) {
    SalesbotProperties.Pipeline p = properties.pipeline();
    positive("salesbot.pipeline.reclaim-idle", p.reclaimIdle());
    positive("salesbot.pipeline.reclaim-interval", p.reclaimInterval());
    positive("salesbot.pipeline.dedupe-ttl", p.dedupeTtl());
    positive("salesbot.pipeline.relay-interval", p.relayInterval());
    if (p.reclaimIdle().compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidConfigurationException(
          "salesbot.pipeline.reclaim-idle", "must be at least 1s (write durations like 30s or 2m)");
    }
    RedisStreamSettings.Builder settings =
        RedisStreamSettings.defaults().toBuilder()
            .concurrency(p.concurrency())
            .inboundConcurrency(p.inboundConcurrency())
            .reclaimInterval(p.reclaimInterval())
            .reclaimIdle(p.reclaimIdle())
            .handlerTimeout(handlerTimeout(p.reclaimIdle()))
            .maxDeliveries(p.maxDeliveries())
            .dedupeTtl(p.dedupeTtl())
            .keyPrefix(p.keyPrefix());
    String consumer = p.consumerName();
    if (consumer != null) {
      settings.consumerName(consumer);
    }
    return new RedisAdapter(client, settings.build(), clock);
  }

  /**
   * A handler gets two thirds of the reclaim time, at most 20 s, so no entry is reclaimed mid-work.
   */
  static Duration handlerTimeout(Duration reclaimIdle) {
    return min(reclaimIdle.multipliedBy(2).dividedBy(3), Duration.ofSeconds(20));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static void positive(String property, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigurationException(
          property, "must be a positive duration such as 500ms, 30s or 2m, got " + value);
    }
  }

  @Bean
  PostgresAdapter postgresAdapter(ConnectionFactory connectionFactory, Environment env) {
    SchemaMigration.run(env);
    return new PostgresAdapter(connectionFactory);
  }

  @Bean
  Leads leads(PostgresAdapter postgres) {
    return postgres.leads();
  }

  /**
   * The core: every use case, and what each button, command and timer does, built by bot-core from
   * the adapters (see {@link Salesbot}).
   */
  @Bean
  Salesbot salesbot(
      PostgresAdapter postgres,
      RedisAdapter redis,
      TeamDirectory directory,
      List<ChatPlatform> platforms,
      Messages messages,
      Clock clock,
      SalesbotProperties properties,
      StageSettings stages,
      io.salesbot.core.score.ScorecardSettings scorecard,
      ObjectProvider<RoutingRulesFile> rulesFile,
      ObjectProvider<io.salesbot.core.platform.MonthlyQuota> monthlyQuotas,
      io.salesbot.core.kernel.ChartRenderer chartRenderer,
      io.salesbot.core.kernel.ChartImages chartImages,
      EvidenceFilePorts evidenceFiles,
      io.salesbot.server.platforms.WecomProperties wecom,
      io.salesbot.server.platforms.EmailProperties email,
      io.salesbot.server.sms.SmsWiring.Sms sms,
      io.salesbot.server.records.RecordsProperties records,
      io.salesbot.server.ops.OpsProperties ops,
      ScorecardsProperties scorecards) {
    positive("salesbot.sla.extension", properties.sla().extension());
    // issue 14: the record validation limits (salesbot.records.*), checked at start-up
    io.salesbot.core.score.domain.RecordRules recordRules = records.rules();
    io.salesbot.core.score.FeedSettings feeds =
        records.feedSettings(
            ops.target() == null ? null : ops.toSettings(wecom.groupRobots().keySet()).target(),
            properties.intake().sources().entrySet().stream()
                .filter(e -> e.getValue().records())
                .map(java.util.Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toSet()));
    // issue 13: every channel a person uses — further addresses, and the e-mail follow-up
    io.salesbot.core.team.domain.Identities identities = TeamsFactory.identities(properties);
    boolean mailTo =
        identities.extras().values().stream()
            .flatMap(List::stream)
            .anyMatch(a -> a.platform().equals("email"));
    if (mailTo && !email.enabled()) {
      LOG.warn(
          "People have email: addresses (salesbot.teams.<id>.members[n].addresses,"
              + " manager-addresses) but e-mail is off: set salesbot.email.host and"
              + " salesbot.email.from to mail reminders and escalations nobody acts on");
    }
    Supplier<List<RoutingRule>> rules =
        RulesInForce.of(properties, directory, rulesFile.getIfAvailable()).rules();
    return new Salesbot(
        new SalesbotPorts(
            postgres.leads(),
            postgres.offers(),
            postgres.routingState(),
            postgres.timers(),
            postgres.slaClocks(),
            postgres.followUps(),
            io.salesbot.core.team.TeamChannels.withAnnouncers( // issue 13: group robots
                postgres.teamChannels(),
                io.salesbot.server.platforms.GroupRobotWiring.announcers(properties, wecom)),
            postgres.deals(),
            postgres.evidence(),
            TeamDirectory.withIdentities(directory, identities),
            redis.once(),
            postgres.cardReferences(),
            postgres.deliveries(),
            redis.outbox(),
            io.salesbot.core.platform.OutboxBacklog.of(
                redis::waiting, monthlyQuotas.orderedStream().toList()),
            redis.inboundQueue(),
            postgres.intakeFallback(),
            platforms,
            messages,
            clock,
            new Reporting(
                postgres.dealReports(),
                chartRenderer,
                chartImages,
                properties.reports().checkedActWithin()),
            postgres.leadNotes(),
            postgres.records(), // issue 14
            evidenceFiles,
            sms.ports(), // issue 13: welcome SMS
            postgres.noteOffers(), // issue 13: notes from chat
            postgres.feeds(), // issue 14: feed health
            postgres.publications(), // issue 14: published scorecard versions
            postgres.disputes()), // issue 14: disputes of published scorecards
        new SalesbotSettings(
            RoutingFactory.policies(properties, directory),
            rules,
            properties.sla().extension(),
            stages,
            () -> recordRules,
            email.checkDelay(),
            () -> scorecard,
            sms.settings(),
            properties.intake().checkedRepeatWindow(),
            properties.notes().checkedReplyWindow(),
            feeds,
            ScorecardsFactory.publishers(scorecards)));
  }

  /**
   * The inbound queue every platform callback uses: Redis, and PostgreSQL ({@code intake_fallback})
   * while Redis cannot take an event, relayed to Redis once it is back; the same mechanism intake
   * uses (see {@link FallbackInboundQueue}).
   */
  @Bean
  InboundQueue inboundQueue(RedisAdapter redis, PostgresAdapter postgres) {
    return FallbackInboundQueue.over(redis.inboundQueue(), postgres.intakeFallback());
  }

  /** The intake use case, shared by the signed API and the official account's forms and scans. */
  @Bean
  LeadIntake submitLead(Salesbot salesbot) {
    return salesbot.submitLead();
  }

  /** Only when salesbot.routing.rules-file is set: its rules, re-read when it changes. */
  @Bean(destroyMethod = "close")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
      "salesbot.routing.rules-file")
  RoutingRulesFile routingRulesFile(SalesbotProperties properties, TeamDirectory directory) {
    RoutingRulesFile file =
        new RoutingRulesFile(
            java.nio.file.Path.of(properties.routing().rulesFile()), properties, directory);
    file.watch(properties.routing().rulesFileCheck());
    return file;
  }

  @Bean
  TimerLifecycle timerLifecycle(Salesbot salesbot, SalesbotProperties properties) {
    positive("salesbot.sla.poll-interval", properties.sla().pollInterval());
    return new TimerLifecycle(salesbot.timers(), properties.sla().pollInterval());
  }

  @Bean
  PipelineLifecycle pipelineLifecycle(
      RedisAdapter redis,
      Salesbot salesbot,
      List<ChatPlatform> chatPlatforms,
      SalesbotProperties properties,
      MeterRegistry meters,
      IngressFirst ingressFirst,
      ConnectionFactory connectionFactory) {
    List<String> platforms = chatPlatforms.stream().map(ChatPlatform::id).toList();
    return new PipelineLifecycle(
        redis,
        salesbot.inbound(),
        new CountingDelivery(salesbot.outbound(), meters),
        platforms,
        salesbot.relayFallback(),
        properties.pipeline().relayInterval(),
        meters,
        ingressFirst,
        new InfrastructureOutages(
            () ->
                org.springframework.r2dbc.core.DatabaseClient.create(connectionFactory)
                    .sql("SELECT 1")
                    .map(row -> true)
                    .one(),
            redis::ping));
  }

  /** Acknowledging webhooks comes before draining the pipeline while they arrive fast. */
  @Bean
  IngressFirst ingressFirst(SalesbotProperties properties) {
    SalesbotProperties.Pipeline p = properties.pipeline();
    if (p.ingressFirstAbove() < 0) {
      throw new InvalidConfigurationException(
          "salesbot.pipeline.ingress-first-above",
          "must be webhooks per second (0 turns it off), got " + p.ingressFirstAbove());
    }
    if (p.busyConcurrency() < 0 || p.busyConcurrency() > p.inboundConcurrency()) {
      throw new InvalidConfigurationException(
          "salesbot.pipeline.busy-concurrency",
          "must be from 0 (paused) to salesbot.pipeline.inbound-concurrency ("
              + p.inboundConcurrency()
              + "), got "
              + p.busyConcurrency());
    }
    positive("salesbot.pipeline.ingress-first-max-hold", p.ingressFirstMaxHold());
    return new IngressFirst(p.ingressFirstAbove(), p.busyConcurrency(), p.ingressFirstMaxHold());
  }

  @Bean
  IntakeHandler intakeHandler(
      LeadIntake submitLead,
      SalesbotProperties properties,
      ObjectMapper objectMapper,
      Clock clock,
      MeterRegistry meters) {
    return new IntakeHandler(submitLead, properties.intake(), objectMapper, clock, meters);
  }

  /** {@code POST /api/v1/leads} on Reactor Netty's own route, ahead of WebFlux (IntakeRoute). */
  @Bean
  IntakeRoute intakeRoute(
      IntakeHandler intake,
      IntakeRequestTimer timer,
      IngressFirst ingressFirst,
      org.springframework.core.env.Environment environment) {
    return new IntakeRoute(
        intake,
        timer,
        ingressFirst::arrived,
        environment.getProperty("spring.webflux.base-path", ""));
  }

  @Bean
  AdminHandler adminHandler(
      SalesbotProperties properties,
      Leads leads,
      RedisAdapter redis,
      TeamDirectory directory,
      PostgresAdapter postgres,
      StageSettings stages,
      Salesbot salesbot) {
    return new AdminHandler(
        properties.admin().token(),
        leads,
        redis.deadLetters(),
        directory,
        new DealView(postgres.deals(), stages.model()),
        new ResponseView(salesbot.responseFigures()),
        postgres.leadNotes());
  }

  /**
   * The deal stages and checkpoints ({@code salesbot.stages}, default the seed's 五阶十二关), validated
   * here: a mistake fails start-up naming its property. Read once; a change applies after a
   * restart.
   */
  @Bean
  StageSettings stageSettings(StagesProperties stages) {
    return StagesFactory.settings(stages);
  }

  /**
   * The scorecard ({@code salesbot.scorecards}, default the seed's 三轴九维 for every month; changes
   * from a month on; the derived records), validated here against the stages and intake sources: a
   * mistake fails start-up naming its property. Read once; a change applies after a restart.
   */
  @Bean
  io.salesbot.core.score.ScorecardSettings scorecardSettings(
      ScorecardsProperties scorecards, StageSettings stages, SalesbotProperties properties) {
    return ScorecardsFactory.settings(scorecards, stages.model(), properties.intake().sources());
  }

  /**
   * Arms each team's next daily deal digest once the application is ready (stored once, however
   * many instances start); a failure (PostgreSQL not answering yet) is retried with a growing pause
   * for about ten minutes, then logged — and the next stored deal of a team arms it too.
   */
  @Bean
  org.springframework.context.ApplicationListener<
          org.springframework.boot.context.event.ApplicationReadyEvent>
      stallDigestArming(Salesbot salesbot) {
    return event ->
        salesbot
            .stallDigest()
            .armAll()
            .retryWhen(
                reactor.util.retry.Retry.backoff(10, java.time.Duration.ofSeconds(2))
                    .maxBackoff(java.time.Duration.ofMinutes(2)))
            .subscribe(
                null,
                e ->
                    org.slf4j.LoggerFactory.getLogger(SalesbotConfiguration.class)
                        .warn("Could not arm the daily deal digests: {}", e.toString()));
  }

  @Bean
  @RouterOperations({
    @RouterOperation(
        path = "/api/v1/leads",
        method = RequestMethod.POST,
        beanClass = IntakeHandler.class,
        beanMethod = "submit",
        operation =
            @Operation(
                operationId = "submitLead",
                summary = "Submit a lead (signed with X-Salesbot-Source and X-Salesbot-Signature)",
                description =
                    "Answers 202 {intakeId} once the lead is durably queued; 400/401/413/415 as"
                        + " application/problem+json; 503 with Retry-After when nothing can store it.")),
    @RouterOperation(
        path = "/api/v1/leads/{id}",
        method = RequestMethod.GET,
        beanClass = AdminHandler.class,
        beanMethod = "lead",
        operation =
            @Operation(
                operationId = "getLead",
                summary = "A lead by lead id or intake id, with its history (admin token)")),
    @RouterOperation(
        path = "/api/v1/admin/dead-letters",
        method = RequestMethod.GET,
        beanClass = AdminHandler.class,
        beanMethod = "deadLetters",
        operation =
            @Operation(
                operationId = "listDeadLetters",
                summary = "Dead letters, newest first (admin token)")),
    @RouterOperation(
        path = "/api/v1/admin/dead-letters/replay",
        method = RequestMethod.POST,
        beanClass = AdminHandler.class,
        beanMethod = "replayAll",
        operation =
            @Operation(
                operationId = "replayDeadLetters",
                summary =
                    "Replay the dead letters of one stream within a time range, oldest first"
                        + " (admin token)")),
    @RouterOperation(
        path = "/api/v1/admin/dead-letters/{id}/replay",
        method = RequestMethod.POST,
        beanClass = AdminHandler.class,
        beanMethod = "replay",
        operation =
            @Operation(
                operationId = "replayDeadLetter",
                summary = "Replay one dead letter (admin token)"))
  })
  // First of the router functions: Spring tries them one after the other for every request (a
  // nested switchIfEmpty each), and POST /api/v1/leads is the hottest route; no other router
  // function answers any of these paths.
  @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
  RouterFunction<ServerResponse> salesbotRoutes(IntakeHandler intake, AdminHandler admin) {
    return RouterFunctions.route()
        .POST("/api/v1/leads", intake::submit)
        .GET("/api/v1/leads/{id}", admin::lead)
        .GET("/api/v1/admin/dead-letters", admin::deadLetters)
        .POST("/api/v1/admin/dead-letters/replay", admin::replayAll)
        .POST("/api/v1/admin/dead-letters/{id}/replay", admin::replay)
        .build();
  }
}
