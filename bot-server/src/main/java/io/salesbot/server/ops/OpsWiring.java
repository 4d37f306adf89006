package io.salesbot.server.ops;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.ops.OpsAlerts;
import io.salesbot.core.ops.OpsSettings;
import io.salesbot.core.ops.OpsSignals;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.MonthlyQuota;
import io.salesbot.core.platform.OutboxBacklog;
import io.salesbot.core.platform.PlatformCircuits;
import io.salesbot.server.platforms.WecomProperties;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ops alerts, when {@code salesbot.ops.target} is set: every {@code salesbot.ops.interval} each
 * instance checks the conditions ({@link OpsAlerts}); a failed check is logged and the next one
 * runs as planned.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "salesbot.ops", name = "target")
public class OpsWiring {
  private static final Logger LOG = LoggerFactory.getLogger(OpsWiring.class);

  @Bean
  OpsAlerts opsAlerts(
      OpsProperties properties,
      WecomProperties wecom,
      RedisAdapter redis,
      PostgresAdapter postgres,
      List<ChatPlatform> platforms,
      Messages messages,
      Clock clock,
      ObjectProvider<MonthlyQuota> quotas) {
    OpsSettings settings = properties.toSettings(wecom.groupRobots().keySet());
    LOG.info("Ops alerts to {} every {} (salesbot.ops.*)", settings.target(), settings.interval());
    return new OpsAlerts(
        signals(redis, postgres, platforms, quotas.orderedStream().toList()),
        redis.once(),
        new Talk(messages, new Replies(redis.outbox()), clock),
        settings,
        "ops-" + UUID.randomUUID());
  }

  /**
   * Where the ops alerts read their figures — and the web console's operations page, so that both
   * show the same numbers.
   */
  public static OpsSignals signals(
      RedisAdapter redis,
      PostgresAdapter postgres,
      List<ChatPlatform> platforms,
      List<MonthlyQuota> quotas) {
    return new OpsSignals(
        OutboxBacklog.of(redis.outboxBacklog(), quotas),
        redis.inboundBacklog(),
        redis.deadLetters(),
        postgres.timers(),
        PlatformCircuits.of(platforms));
  }

  /** The periodic check; stopped with the application. */
  @Bean(destroyMethod = "dispose")
  Disposable opsAlertChecks(OpsAlerts alerts, OpsProperties properties) {
    return Flux.interval(properties.interval(), properties.interval())
        .onBackpressureDrop()
        .concatMap(
            tick ->
                alerts
                    .check()
                    .onErrorResume(
                        e -> {
                          LOG.warn("Ops alert check failed, next one as planned: {}", e.toString());
                          return Mono.empty();
                        }))
        .subscribe();
  }
}
