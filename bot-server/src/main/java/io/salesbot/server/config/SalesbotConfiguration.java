package io.salesbot.server.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.redis.RedisStreamSettings;
import io.salesbot.core.card.Cards;
import io.salesbot.core.card.Messages;
import io.salesbot.core.command.HandleCommand;
import io.salesbot.core.lead.AssignLead;
import io.salesbot.core.lead.ClaimLead;
import io.salesbot.core.lead.IngestLead;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.RelayFallback;
import io.salesbot.core.lead.SubmitLead;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.DeliverOutbound;
import io.salesbot.core.platform.InboundDispatcher;
import io.salesbot.core.platform.Replies;
import io.salesbot.core.platform.domain.InboundEvent.CardAction;
import io.salesbot.core.routing.DistributeLead;
import io.salesbot.core.routing.RespondToOffer;
import io.salesbot.core.routing.RoutingState;
import io.salesbot.core.routing.RuleRouter;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.sla.FirstTouch;
import io.salesbot.core.sla.FollowUpClock;
import io.salesbot.core.sla.FollowUpTimers;
import io.salesbot.core.sla.RecycleLead;
import io.salesbot.core.sla.SlaActions;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.sla.SlaTimers;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.timer.FireTimers;
import io.salesbot.core.timer.Timers;
import io.salesbot.server.admin.AdminHandler;
import io.salesbot.server.intake.IntakeHandler;
import io.salesbot.server.pipeline.CountingDelivery;
import io.salesbot.server.pipeline.IngressFirst;
import io.salesbot.server.pipeline.PipelineLifecycle;
import io.salesbot.server.pipeline.TimerLifecycle;
import io.salesbot.templates.MessageBundle;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/** Wires each use case to its adapters: one {@code @Bean} per use case. */
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

  @Bean(destroyMethod = "shutdown")
  RedisClient salesbotRedisClient(DataRedisConnectionDetails details) {
    DataRedisConnectionDetails.Standalone s = details.getStandalone();
    RedisURI.Builder uri =
        RedisURI.builder()
            .withHost(s.getHost())
            .withPort(s.getPort())
            .withDatabase(s.getDatabase());
    if (details.getPassword() != null) {
      if (details.getUsername() != null) {
        uri.withAuthentication(details.getUsername(), details.getPassword().toCharArray());
      } else {
        uri.withPassword(details.getPassword().toCharArray());
      }
    }
    uri.withTimeout(Duration.ofSeconds(2));
    RedisClient client = RedisClient.create(uri.build());
    client.setOptions(
        ClientOptions.builder()
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    return client;
  }

  @Bean(destroyMethod = "close")
  RedisAdapter redisAdapter(RedisClient client, SalesbotProperties properties, Clock clock) {
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

  @Bean
  Replies replies(RedisAdapter redis) {
    return new Replies(redis.outbox());
  }

  @Bean
  Cards cards(Messages messages) {
    return new Cards(messages);
  }

  @Bean
  SubmitLead submitLead(RedisAdapter redis, PostgresAdapter postgres, Clock clock) {
    return new SubmitLead(redis.inboundQueue(), postgres.intakeFallback(), clock);
  }

  @Bean
  RelayFallback relayFallback(RedisAdapter redis, PostgresAdapter postgres) {
    return new RelayFallback(postgres.intakeFallback(), redis.inboundQueue());
  }

  @Bean
  RoutingState routingState(PostgresAdapter postgres) {
    return postgres.routingState();
  }

  @Bean
  Timers timers(PostgresAdapter postgres) {
    return postgres.timers();
  }

  @Bean
  SlaClocks slaClocks(PostgresAdapter postgres) {
    return postgres.slaClocks();
  }

  @Bean
  TeamPolicies teamPolicies(SalesbotProperties properties, TeamDirectory directory) {
    return RoutingFactory.policies(properties, directory);
  }

  @Bean
  RuleRouter ruleRouter(
      SalesbotProperties properties,
      TeamDirectory directory,
      ObjectProvider<RoutingRulesFile> rulesFile) {
    RoutingRulesFile file = rulesFile.getIfAvailable();
    if (file != null) {
      return new RuleRouter(directory, file::rules);
    }
    List<RoutingRule> rules = RoutingFactory.rules(properties, directory);
    return new RuleRouter(directory, () -> rules);
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
  FollowUpClock followUpClock(PostgresAdapter postgres, Timers timers, TeamPolicies policies) {
    return new FollowUpClock(postgres.followUps(), timers, policies);
  }

  @Bean
  FirstTouch firstTouch(
      SlaClocks clocks, Timers timers, TeamPolicies policies, FollowUpClock followUpClock) {
    return new FirstTouch(clocks, timers, policies, followUpClock);
  }

  @Bean
  RecycleLead recycleLead(Leads leads, DistributeLead distribute, Replies replies, Clock clock) {
    return new RecycleLead(leads, distribute, replies, clock);
  }

  @Bean
  FollowUpTimers followUpTimers(
      PostgresAdapter postgres,
      Leads leads,
      TeamDirectory directory,
      TeamPolicies policies,
      Timers timers,
      RecycleLead recycle,
      Messages messages,
      Replies replies,
      Clock clock) {
    return new FollowUpTimers(
        postgres.followUps(),
        leads,
        directory,
        policies,
        timers,
        recycle,
        messages,
        replies,
        clock);
  }

  /** Which team is bound to which group chat ({@code /bind-team}); PostgreSQL, cluster-wide. */
  @Bean
  io.salesbot.core.team.TeamChannels teamChannels(PostgresAdapter postgres) {
    return postgres.teamChannels();
  }

  @Bean
  DistributeLead distributeLead(
      Leads leads,
      RoutingState routingState,
      PostgresAdapter postgres,
      Timers timers,
      TeamPolicies policies,
      Cards cards,
      Messages messages,
      Replies replies,
      Clock clock,
      io.salesbot.core.team.TeamChannels teamChannels) {
    return new DistributeLead(
        leads,
        routingState,
        postgres.offers(),
        timers,
        policies,
        cards,
        messages,
        replies,
        clock,
        teamChannels);
  }

  @Bean
  IngestLead ingestLead(
      Leads leads,
      RuleRouter router,
      DistributeLead distribute,
      TeamDirectory directory,
      Messages messages,
      Replies replies,
      Clock clock) {
    return new IngestLead(leads, router, distribute, directory, messages, replies, clock);
  }

  @Bean
  ClaimLead claimLead(
      Leads leads,
      TeamDirectory directory,
      Cards cards,
      Messages messages,
      Replies replies,
      Clock clock,
      TeamPolicies policies,
      FirstTouch firstTouch) {
    return new ClaimLead(leads, directory, cards, messages, replies, clock, policies, firstTouch);
  }

  @Bean
  AssignLead assignLead(
      Leads leads,
      TeamDirectory directory,
      FirstTouch firstTouch,
      Cards cards,
      Messages messages,
      Replies replies,
      Clock clock) {
    return new AssignLead(leads, directory, firstTouch, cards, messages, replies, clock);
  }

  @Bean
  RespondToOffer respondToOffer(
      Leads leads,
      PostgresAdapter postgres,
      DistributeLead distribute,
      FirstTouch firstTouch,
      TeamDirectory directory,
      Cards cards,
      Messages messages,
      Replies replies,
      Clock clock) {
    return new RespondToOffer(
        leads,
        postgres.offers(),
        distribute,
        firstTouch,
        directory,
        cards,
        messages,
        replies,
        clock);
  }

  @Bean
  SlaTimers slaTimers(
      SlaClocks clocks,
      Leads leads,
      TeamDirectory directory,
      Cards cards,
      Messages messages,
      Replies replies,
      Clock clock,
      TeamPolicies policies,
      Timers timers,
      RecycleLead recycle) {
    return new SlaTimers(
        clocks, leads, directory, cards, messages, replies, clock, policies, timers, recycle);
  }

  @Bean
  SlaActions slaActions(
      SlaClocks clocks,
      Leads leads,
      TeamDirectory directory,
      AssignLead assign,
      DistributeLead distribute,
      FirstTouch firstTouch,
      SalesbotProperties properties,
      Cards cards,
      Messages messages,
      Replies replies,
      Clock clock,
      FollowUpClock followUpClock) {
    positive("salesbot.sla.extension", properties.sla().extension());
    return new SlaActions(
        clocks,
        leads,
        directory,
        assign,
        distribute,
        firstTouch,
        properties.sla().extension(),
        cards,
        messages,
        replies,
        clock,
        followUpClock);
  }

  @Bean
  HandleCommand handleCommand(
      Messages messages,
      Replies replies,
      TeamDirectory directory,
      Leads leads,
      RoutingState routingState,
      SlaClocks clocks,
      AssignLead assign,
      Cards cards,
      Clock clock,
      io.salesbot.core.team.TeamChannels teamChannels,
      RedisAdapter redis) {
    return new HandleCommand(
        messages,
        replies,
        new HandleCommand.Context(
            directory,
            leads,
            routingState,
            clocks,
            assign,
            cards,
            clock,
            teamChannels,
            redis::waiting));
  }

  @Bean
  InboundDispatcher inboundDispatcher(
      IngestLead ingestLead,
      ClaimLead claimLead,
      HandleCommand handleCommand,
      RespondToOffer respond,
      SlaActions sla,
      Messages messages,
      Replies replies,
      PostgresAdapter postgres) {
    Map<String, Function<CardAction, Mono<Void>>> actions =
        Map.of(
            Cards.ACCEPT, respond::accept,
            Cards.DECLINE, respond::decline,
            Cards.CONTACTED, sla::contacted,
            Cards.SLA_POOL, sla::backToPool,
            Cards.SLA_EXTEND, sla::extend,
            Cards.SLA_REASSIGN, sla::reassignHint);
    return new InboundDispatcher(
        ingestLead,
        claimLead,
        handleCommand,
        messages,
        replies,
        postgres.cardReferences(),
        actions);
  }

  @Bean
  FireTimers fireTimers(
      Timers timers,
      RespondToOffer respond,
      SlaTimers slaTimers,
      FollowUpTimers followUpTimers,
      Clock clock) {
    return new FireTimers(
        timers,
        Map.of(
            DistributeLead.OFFER_TIMEOUT, respond,
            FirstTouch.REMIND, slaTimers.reminder(),
            FirstTouch.BREACH, slaTimers.breach(),
            FollowUpClock.WARN, followUpTimers.warning(),
            FollowUpClock.RECYCLE, followUpTimers.recycling()),
        clock);
  }

  @Bean
  TimerLifecycle timerLifecycle(FireTimers fireTimers, SalesbotProperties properties) {
    positive("salesbot.sla.poll-interval", properties.sla().pollInterval());
    return new TimerLifecycle(fireTimers, properties.sla().pollInterval());
  }

  @Bean
  DeliverOutbound deliverOutbound(
      List<ChatPlatform> platforms, PostgresAdapter postgres, RedisAdapter redis, Clock clock) {
    // Over budget or platform down: the command waits in the outbox instead of failing.
    return new DeliverOutbound(platforms, postgres.deliveries(), redis.outbox(), clock);
  }

  @Bean
  PipelineLifecycle pipelineLifecycle(
      RedisAdapter redis,
      InboundDispatcher dispatcher,
      DeliverOutbound deliver,
      List<ChatPlatform> chatPlatforms,
      RelayFallback relay,
      SalesbotProperties properties,
      MeterRegistry meters,
      IngressFirst ingressFirst) {
    List<String> platforms = chatPlatforms.stream().map(ChatPlatform::id).toList();
    return new PipelineLifecycle(
        redis,
        dispatcher,
        new CountingDelivery(deliver, meters),
        platforms,
        relay,
        properties.pipeline().relayInterval(),
        meters,
        ingressFirst);
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
    if (p.busyConcurrency() < 1 || p.busyConcurrency() > p.concurrency()) {
      throw new InvalidConfigurationException(
          "salesbot.pipeline.busy-concurrency",
          "must be from 1 to salesbot.pipeline.concurrency ("
              + p.concurrency()
              + "), got "
              + p.busyConcurrency());
    }
    positive("salesbot.pipeline.ingress-first-max-hold", p.ingressFirstMaxHold());
    return new IngressFirst(p.ingressFirstAbove(), p.busyConcurrency(), p.ingressFirstMaxHold());
  }

  @Bean
  IntakeHandler intakeHandler(
      SubmitLead submitLead,
      SalesbotProperties properties,
      ObjectMapper objectMapper,
      Clock clock,
      MeterRegistry meters) {
    return new IntakeHandler(submitLead, properties.intake(), objectMapper, clock, meters);
  }

  @Bean
  AdminHandler adminHandler(
      SalesbotProperties properties, Leads leads, RedisAdapter redis, TeamDirectory directory) {
    return new AdminHandler(properties.admin().token(), leads, redis.deadLetters(), directory);
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
        path = "/api/v1/admin/dead-letters/{id}/replay",
        method = RequestMethod.POST,
        beanClass = AdminHandler.class,
        beanMethod = "replay",
        operation =
            @Operation(
                operationId = "replayDeadLetter",
                summary = "Replay one dead letter (admin token)"))
  })
  RouterFunction<ServerResponse> salesbotRoutes(IntakeHandler intake, AdminHandler admin) {
    return RouterFunctions.route()
        .POST("/api/v1/leads", intake::submit)
        .GET("/api/v1/leads/{id}", admin::lead)
        .GET("/api/v1/admin/dead-letters", admin::deadLetters)
        .POST("/api/v1/admin/dead-letters/{id}/replay", admin::replay)
        .build();
  }
}
