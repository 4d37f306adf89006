package io.salesbot.server.console;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.core.Salesbot;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.MonthlyQuota;
import io.salesbot.core.routing.RuleRouter;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.server.config.RoutingRulesFile;
import io.salesbot.server.config.RulesInForce;
import io.salesbot.server.config.SalesbotProperties;
import io.salesbot.server.console.ConsoleOpsSources.TokenKey;
import io.salesbot.server.ops.OpsWiring;
import io.salesbot.server.platforms.DingtalkProperties;
import io.salesbot.server.platforms.WecomProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The console's operators' tools ({@code /console/ops/**}, admins only: {@link ConsoleOps}) and the
 * emulator's file upload ({@code /console/api/users/{userId}/files}: {@link ConsoleEvidence}),
 * behind the same guard and sessions as the rest of the console ({@link ConsoleConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleOpsConfiguration {

  @Bean
  RouterFunction<ServerResponse> consoleOpsRoutes(
      ConsoleSessions sessions,
      ConsoleProperties console,
      SalesbotProperties properties,
      TeamDirectory directory,
      RedisAdapter redis,
      PostgresAdapter postgres,
      List<ChatPlatform> platforms,
      ObjectProvider<MonthlyQuota> quotas,
      Salesbot salesbot,
      ObjectProvider<RoutingRulesFile> rulesFile,
      WecomProperties wecom,
      DingtalkProperties dingtalk,
      ObjectProvider<SandboxAdapterConfiguration> sandbox,
      Clock clock) {
    RulesInForce rules = RulesInForce.of(properties, directory, rulesFile.getIfAvailable());
    ConsoleOpsSources sources =
        new ConsoleOpsSources(
            OpsWiring.signals(redis, postgres, platforms, quotas.orderedStream().toList()),
            platforms.stream().map(ChatPlatform::id).toList(),
            redis.accessTokens(),
            tokenKeys(wecom, dingtalk),
            postgres.records(),
            salesbot.releaseRecord(),
            () -> RuleRouter.inForce(rules.rules().get(), directory.teams()),
            rules.source(),
            directory);
    ConsoleRoles roles = new ConsoleRoles(directory, console.checkedAdmins());
    return routes(sessions, roles, sources, sandbox.getIfAvailable(), clock);
  }

  /** The routes, from what they need (tests build them without Spring). */
  static RouterFunction<ServerResponse> routes(
      ConsoleSessions sessions,
      ConsoleRoles roles,
      ConsoleOpsSources sources,
      @Nullable SandboxAdapterConfiguration sandbox,
      Clock clock) {
    ConsoleViews views = new ConsoleViews();
    // Only signedIn() and forbidden() are used here: no sign-in platforms needed.
    ConsolePages pages = new ConsolePages(sessions, views, sandbox, roles, List.of());
    ConsoleOps ops = new ConsoleOps(pages, views, sources, clock);
    ConsoleEvidence evidence = new ConsoleEvidence(sandbox);
    return RouterFunctions.route()
        .GET("/console/ops", ops::page)
        .POST("/console/ops/dead-letters/replay", ops::replayAll)
        .POST("/console/ops/dead-letters/{id}/replay", ops::replay)
        .POST("/console/ops/quarantine/release", ops::release)
        .POST("/console/api/users/{userId}/files", evidence::upload)
        .onError(Throwable.class, ConsoleErrors::unexpected)
        .build();
  }

  /**
   * The access tokens the platform adapters keep, by the keys they cache them under: one per WeCom
   * app ({@code wecom:<corpId>:<agentId>}), one for DingTalk ({@code dingtalk:<clientId>}).
   */
  static List<TokenKey> tokenKeys(WecomProperties wecom, DingtalkProperties dingtalk) {
    List<TokenKey> keys = new ArrayList<>();
    if (wecom.enabled()) {
      var settings = wecom.toSettings();
      for (var app : settings.apps()) {
        keys.add(
            new TokenKey(
                "wecom",
                Integer.toString(app.agentId()),
                "wecom:" + settings.corpId() + ":" + app.agentId()));
      }
    }
    if (dingtalk.enabled()) {
      String clientId = dingtalk.toSettings().clientId();
      keys.add(new TokenKey("dingtalk", clientId, "dingtalk:" + clientId));
    }
    return keys;
  }
}
