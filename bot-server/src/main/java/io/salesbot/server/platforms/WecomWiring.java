package io.salesbot.server.platforms;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.wecom.WecomAdapterConfiguration;
import io.salesbot.adapter.wecom.WecomSettings;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.platform.ChatPlatform;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The WeCom platform, when {@code salesbot.wecom.enabled=true}: its {@link ChatPlatform} (picked up
 * by the outbound worker and {@code DeliverOutbound}) and its callback endpoints. Response codes
 * live in PostgreSQL, access tokens in Redis.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "salesbot.wecom", name = "enabled", havingValue = "true")
public class WecomWiring {
  private static final Logger LOG = LoggerFactory.getLogger(WecomWiring.class);

  @Bean
  WecomAdapterConfiguration wecomAdapter(
      WecomProperties properties,
      RedisAdapter redis,
      InboundQueue inboundQueue,
      PostgresAdapter postgres,
      Clock clock) {
    WecomSettings settings = properties.toSettings();
    LOG.info(
        "WeCom is on for corp {}: callbacks at /callbacks/wecom/{{agentId}} for apps {}; app {} sends,"
            + " at most {} person-sends a day (salesbot.wecom.daily-sends)",
        settings.corpId(),
        settings.apps().stream().map(WecomSettings.App::agentId).toList(),
        settings.sender().agentId(),
        settings.sending().dailySends());
    return new WecomAdapterConfiguration(
        settings,
        inboundQueue,
        postgres.cardReferences(),
        redis.accessTokens(),
        redis.sendBudgets(),
        clock);
  }

  /** The address book, for teams with {@code directory: wecom:<departmentId>}. */
  @Bean
  io.salesbot.core.team.DirectorySource wecomDirectory(
      WecomAdapterConfiguration wecom, io.salesbot.server.config.SalesbotProperties salesbot) {
    return wecom.directory(salesbot.directory().refreshInterval());
  }

  @Bean
  ChatPlatform wecomPlatform(
      WecomAdapterConfiguration wecom, io.salesbot.core.kernel.ChartImages chartImages) {
    return wecom.platform(chartImages);
  }

  /** Photos, files and voice notes sent to the app, downloaded as evidence. */
  @Bean
  io.salesbot.core.stage.MediaSource wecomMedia(WecomAdapterConfiguration wecom) {
    return wecom.media();
  }

  @Bean
  RouterFunction<ServerResponse> wecomRoutes(WecomAdapterConfiguration wecom) {
    return wecom.routes();
  }
}
