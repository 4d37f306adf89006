package io.salesbot.server.platforms;

import io.salesbot.adapter.dingtalk.DingtalkAdapterConfiguration;
import io.salesbot.adapter.dingtalk.DingtalkSettings;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.core.platform.ChatPlatform;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The DingTalk platform, when {@code salesbot.dingtalk.enabled=true}: its {@link ChatPlatform}
 * (picked up by the outbound worker and {@code DeliverOutbound}), its HTTP callback endpoints and,
 * in Stream mode, the Stream connection's lifecycle. Access tokens live in Redis.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "salesbot.dingtalk", name = "enabled", havingValue = "true")
public class DingtalkWiring {
  private static final Logger LOG = LoggerFactory.getLogger(DingtalkWiring.class);

  @Bean
  DingtalkAdapterConfiguration dingtalkAdapter(
      DingtalkProperties properties, RedisAdapter redis, Clock clock) {
    DingtalkSettings settings = properties.toSettings();
    LOG.info(
        "DingTalk is on for app {} in {} mode{}",
        settings.clientId(),
        settings.mode(),
        settings.mode() == DingtalkSettings.Mode.HTTP
            ? ": callbacks at /callbacks/dingtalk and /callbacks/dingtalk/robot"
            : "");
    return new DingtalkAdapterConfiguration(
        settings, redis.inboundQueue(), redis.accessTokens(), clock);
  }

  @Bean
  ChatPlatform dingtalkPlatform(DingtalkAdapterConfiguration dingtalk) {
    return dingtalk.platform();
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
