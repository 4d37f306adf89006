package io.salesbot.server.platforms;

import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.wechatmp.WechatMpAdapterConfiguration;
import io.salesbot.adapter.wechatmp.WechatMpSettings;
import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.server.config.SalesbotProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The WeChat official account, when {@code salesbot.wechat-mp.enabled=true}: its {@link
 * ChatPlatform} (customer-service texts, picked up by the outbound worker), its callback and form
 * routes, and the admin endpoint for scene QR codes. Leads go through the one {@link LeadIntake};
 * access tokens and send quotas live in Redis.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "salesbot.wechat-mp", name = "enabled", havingValue = "true")
public class WechatMpWiring {
  private static final Logger LOG = LoggerFactory.getLogger(WechatMpWiring.class);

  @Bean
  WechatMpAdapterConfiguration wechatMpAdapter(
      WechatMpProperties properties,
      // Lazy: the core is assembled from every ChatPlatform, this adapter's among them.
      @org.springframework.context.annotation.Lazy LeadIntake submitLead,
      RedisAdapter redis,
      Clock clock) {
    WechatMpSettings settings = properties.toSettings();
    LOG.info(
        "WeChat official account is on: callbacks at /callbacks/wechat-mp/{{appId}} for {}; forms"
            + " {} at {}/forms/{{formId}}; campaigns {}",
        settings.accounts().keySet(),
        settings.forms().keySet(),
        settings.publicBaseUrl(),
        settings.campaigns().keySet());
    return new WechatMpAdapterConfiguration(
        settings, submitLead, redis.outbox(), redis.accessTokens(), redis.quotas(), clock);
  }

  @Bean
  ChatPlatform wechatMpPlatform(WechatMpAdapterConfiguration wechatMp) {
    return wechatMp.platform();
  }

  @Bean
  WechatMpAdmin wechatMpAdmin(
      WechatMpAdapterConfiguration wechatMp, SalesbotProperties properties) {
    return new WechatMpAdmin(wechatMp, properties.admin().token());
  }

  @Bean
  RouterFunction<ServerResponse> wechatMpRoutes(
      WechatMpAdapterConfiguration wechatMp, WechatMpAdmin admin) {
    return wechatMp
        .routes()
        .and(
            RouterFunctions.route()
                .POST("/api/v1/admin/wechat-mp/{appId}/qrcodes", admin::createQrCode)
                .build());
  }
}
