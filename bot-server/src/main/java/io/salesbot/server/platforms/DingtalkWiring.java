package io.salesbot.server.platforms;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.salesbot.adapter.dingtalk.DingtalkAdapterConfiguration;
import io.salesbot.adapter.dingtalk.DingtalkMonthlyQuotas;
import io.salesbot.adapter.dingtalk.DingtalkSettings;
import io.salesbot.adapter.dingtalk.DingtalkStreamStatus;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.MonthlyQuota;
import io.salesbot.core.platform.QuotaAlarm;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The DingTalk platform, when {@code salesbot.dingtalk.enabled=true}: its {@link ChatPlatform}
 * (picked up by the outbound worker and {@code DeliverOutbound}), its HTTP callback endpoints and,
 * in Stream mode, the Stream connection's lifecycle, health and metrics. Access tokens, session
 * webhooks and send budgets live in Redis.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "salesbot.dingtalk", name = "enabled", havingValue = "true")
public class DingtalkWiring {
  private static final Logger LOG = LoggerFactory.getLogger(DingtalkWiring.class);

  /** DingTalk's months begin at midnight in China (自然月; the zone is not documented). */
  static final ZoneId QUOTA_ZONE = ZoneId.of("Asia/Shanghai");

  /**
   * DingTalk's monthly API-call quota ({@code salesbot.dingtalk.monthly-api-calls}), counted in
   * Redis; when it is used up the teams' managers are told once through the outbox.
   */
  @Bean
  MonthlyQuota dingtalkApiQuota(
      DingtalkProperties properties,
      RedisAdapter redis,
      ObjectProvider<TeamDirectory> directory,
      Messages messages,
      Clock clock) {
    return monthlyQuota(DingtalkMonthlyQuotas.API, properties, redis, directory, messages, clock);
  }

  /** DingTalk's monthly Webhook &amp; Stream quota ({@code salesbot.dingtalk.monthly-pushes}). */
  @Bean
  MonthlyQuota dingtalkPushQuota(
      DingtalkProperties properties,
      RedisAdapter redis,
      ObjectProvider<TeamDirectory> directory,
      Messages messages,
      Clock clock) {
    return monthlyQuota(DingtalkMonthlyQuotas.PUSH, properties, redis, directory, messages, clock);
  }

  private static MonthlyQuota monthlyQuota(
      String kind,
      DingtalkProperties properties,
      RedisAdapter redis,
      ObjectProvider<TeamDirectory> directory,
      Messages messages,
      Clock clock) {
    // The directory is looked up when the alarm goes off: it is built from the address book,
    // which needs this adapter.
    Supplier<List<Address>> managers =
        () -> directory.getObject().teams().stream().map(t -> t.manager()).distinct().toList();
    return new MonthlyQuota(
        new MonthlyQuota.Limit("dingtalk", kind, properties.checkedMonthlyLimit(kind), QUOTA_ZONE),
        redis.quotas(),
        redis.once(),
        QuotaAlarm.tellManagers(managers, redis.outbox(), messages),
        clock);
  }

  /**
   * {@code salesbot_dingtalk_quota_used{kind=api|push}} (this month's count as this instance last
   * saw it; each scrape refreshes it from Redis for the next) and {@code
   * salesbot_dingtalk_quota_limit{kind}} (0 = no limit).
   */
  @Bean
  MeterBinder dingtalkQuotaMetrics(
      @Qualifier("dingtalkApiQuota") MonthlyQuota api,
      @Qualifier("dingtalkPushQuota") MonthlyQuota pushes) {
    return registry -> {
      for (MonthlyQuota q : List.of(api, pushes)) {
        Gauge.builder(
                "salesbot.dingtalk.quota.used",
                q,
                quota -> {
                  quota
                      .use()
                      .subscribe(u -> {}, e -> LOG.debug("quota not read: {}", e.toString()));
                  return quota.lastKnownUse();
                })
            .tag("kind", q.limit().kind())
            .description("DingTalk calls counted against this calendar month's quota")
            .register(registry);
        Gauge.builder("salesbot.dingtalk.quota.limit", q, quota -> quota.limit().perMonth())
            .tag("kind", q.limit().kind())
            .description("DingTalk's monthly quota (0 = no limit)")
            .register(registry);
      }
    };
  }

  @Bean
  DingtalkAdapterConfiguration dingtalkAdapter(
      DingtalkProperties properties,
      RedisAdapter redis,
      InboundQueue inboundQueue,
      @Qualifier("dingtalkApiQuota") MonthlyQuota apiQuota,
      @Qualifier("dingtalkPushQuota") MonthlyQuota pushQuota,
      Clock clock) {
    DingtalkSettings settings = properties.toSettings();
    LOG.info(
        "DingTalk is on for app {} in {} mode{}",
        settings.clientId(),
        settings.mode(),
        settings.mode() == DingtalkSettings.Mode.HTTP
            ? ": callbacks at /callbacks/dingtalk, /callbacks/dingtalk/robot and card clicks at "
                + settings.cardCallback()
            : "");
    return new DingtalkAdapterConfiguration(
        settings,
        inboundQueue,
        redis.accessTokens(),
        redis.sendBudgets(),
        redis.quotas(),
        new DingtalkMonthlyQuotas(apiQuota, pushQuota),
        clock);
  }

  /** The Stream connection in {@code /actuator/health}, component {@code dingtalkStream}. */
  @Bean
  HealthIndicator dingtalkStreamHealthIndicator(
      DingtalkAdapterConfiguration dingtalk, DingtalkProperties properties, Clock clock) {
    return new DingtalkStreamHealth(
        dingtalk::streamStatus,
        properties.toSettings().mode() == DingtalkSettings.Mode.STREAM,
        properties.checkedStreamHealthGrace(),
        clock);
  }

  /** HTTP mode's card-callback registration in health, component {@code dingtalkCardCallback}. */
  @Bean
  HealthIndicator dingtalkCardCallbackHealthIndicator(
      DingtalkAdapterConfiguration dingtalk, DingtalkProperties properties) {
    return new DingtalkCardCallbackHealth(
        dingtalk::cardCallbackStatus, properties.toSettings().mode() == DingtalkSettings.Mode.HTTP);
  }

  /**
   * {@code salesbot_dingtalk_stream_connected} (1 while a Stream connection is up, else 0) and
   * {@code salesbot_dingtalk_stream_reconnects_total} (lost connections that came back).
   */
  @Bean
  MeterBinder dingtalkStreamMetrics(DingtalkAdapterConfiguration dingtalk) {
    return registry -> {
      Gauge.builder(
              "salesbot.dingtalk.stream.connected",
              dingtalk,
              d -> d.streamStatus().state() == DingtalkStreamStatus.State.CONNECTED ? 1 : 0)
          .description("1 while the DingTalk Stream connection is up, else 0")
          .register(registry);
      FunctionCounter.builder(
              "salesbot.dingtalk.stream.reconnects", dingtalk, d -> d.streamStatus().reconnects())
          .description("DingTalk Stream connections that were lost and came back")
          .register(registry);
    };
  }

  /** The address book, for teams with {@code directory: dingtalk:<deptId>}. */
  @Bean
  io.salesbot.core.team.DirectorySource dingtalkDirectory(
      DingtalkAdapterConfiguration dingtalk,
      DingtalkProperties properties,
      io.salesbot.server.config.SalesbotProperties salesbot) {
    String oapi = properties.oapiBaseUrl();
    if (oapi == null || !oapi.matches("https?://\\S+")) {
      throw new io.salesbot.server.config.InvalidConfigurationException(
          "salesbot.dingtalk.oapi-base-url", "must be an http(s) URL, got '" + oapi + "'");
    }
    return dingtalk.directory(salesbot.directory().refreshInterval(), oapi);
  }

  /** Files and photos sent to the robot, downloaded as evidence. */
  @Bean
  io.salesbot.core.stage.MediaSource dingtalkMedia(DingtalkAdapterConfiguration dingtalk) {
    return dingtalk.media();
  }

  /**
   * DingTalk, sending report charts as markdown images when {@code public-base-url} is set (its
   * clients fetch them from {@code GET /charts/{id}.png}).
   */
  @Bean
  ChatPlatform dingtalkPlatform(
      DingtalkAdapterConfiguration dingtalk,
      DingtalkProperties properties,
      io.salesbot.core.kernel.ChartImages chartImages) {
    return dingtalk.platform(chartImages, properties.chartBaseUrl());
  }

  @Bean
  RouterFunction<ServerResponse> dingtalkRoutes(DingtalkAdapterConfiguration dingtalk) {
    return dingtalk.routes();
  }

  @Bean
  SmartLifecycle dingtalkStream(DingtalkAdapterConfiguration dingtalk) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        try {
          dingtalk.start();
        } catch (Exception e) {
          throw new IllegalStateException("could not start the DingTalk Stream connection", e);
        }
        running = true;
      }

      @Override
      public void stop() {
        dingtalk.stop(Duration.ofSeconds(10));
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }
}
