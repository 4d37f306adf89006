package io.salesbot.server.console;

import io.lettuce.core.AbstractRedisClient;
import io.salesbot.adapter.dingtalk.DingtalkAdapterConfiguration;
import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.adapter.wecom.WecomAdapterConfiguration;
import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.server.config.SalesbotProperties;
import io.salesbot.server.platforms.DingtalkProperties;
import io.salesbot.server.platforms.WecomProperties;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The web console under {@code /console/}: its session store (Redis), its guard (sign-in and CSRF),
 * its sign-in with WeCom and DingTalk ({@code salesbot.console.*}, checked here at start-up) and
 * its routes. The emulator and the try-out sign-in need the sandbox platform.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleConfiguration.class);

  @Bean(destroyMethod = "close")
  ConsoleSessions consoleSessions(
      AbstractRedisClient redis,
      SalesbotProperties salesbot,
      ConsoleProperties console,
      Clock clock) {
    return new ConsoleSessions(
        redis, salesbot.pipeline().keyPrefix(), clock, console.checkedSessionLifetime());
  }

  @Bean
  ConsoleGuard consoleGuard(ConsoleSessions sessions) {
    return new ConsoleGuard(sessions);
  }

  @Bean
  RouterFunction<ServerResponse> consoleRoutes(
      ConsoleSessions sessions,
      ConsoleProperties console,
      TeamDirectory directory,
      LeadIntake intake,
      Leads leads,
      Clock clock,
      ObjectProvider<SandboxAdapterConfiguration> sandboxes,
      ObjectProvider<WecomAdapterConfiguration> wecom,
      ObjectProvider<WecomProperties> wecomProperties,
      ObjectProvider<DingtalkAdapterConfiguration> dingtalk,
      ObjectProvider<DingtalkProperties> dingtalkProperties) {
    Set<String> on = new TreeSet<>();
    if (wecom.getIfAvailable() != null) {
      on.add("wecom");
    }
    if (dingtalk.getIfAvailable() != null) {
      on.add("dingtalk");
    }
    Set<String> signIn = console.checkedSignIn(on);
    String baseUrl = console.checkedBaseUrl(!signIn.isEmpty());
    Map<String, SignInPlatform> platforms = new LinkedHashMap<>();
    for (String platform : List.of("wecom", "dingtalk")) {
      if (!signIn.contains(platform)) {
        continue;
      }
      if (platform.equals("wecom")) {
        var settings = wecomProperties.getObject().toSettings();
        platforms.put(
            platform,
            new SignInPlatform.Wecom(
                settings.corpId(), settings.sender().agentId(), wecom.getObject()));
      } else {
        DingtalkProperties p = dingtalkProperties.getObject();
        platforms.put(
            platform,
            new SignInPlatform.Dingtalk(
                p.toSettings().clientId(), p.oapiBaseUrl(), dingtalk.getObject()));
      }
    }
    ConsoleRoles roles = new ConsoleRoles(directory, console.checkedAdmins());
    if (!platforms.isEmpty()) {
      LOG.info(
          "console sign-in with {}: callbacks at {}/console/login/<platform>/callback",
          platforms.keySet(),
          baseUrl);
    }
    return routes(
        sessions, roles, platforms, baseUrl, intake, leads, clock, sandboxes.getIfAvailable());
  }

  /** The console's routes, from what they need (tests build them without Spring). */
  static RouterFunction<ServerResponse> routes(
      ConsoleSessions sessions,
      ConsoleRoles roles,
      Map<String, SignInPlatform> platforms,
      @Nullable String baseUrl,
      LeadIntake intake,
      Leads leads,
      Clock clock,
      @Nullable SandboxAdapterConfiguration sandbox) {
    ConsoleViews views = new ConsoleViews();
    ConsolePages pages =
        new ConsolePages(sessions, views, sandbox, roles, List.copyOf(platforms.keySet()));
    ConsoleEmulator emulator = new ConsoleEmulator(pages, views, sessions, intake, sandbox);
    ConsoleSignIn signIn = new ConsoleSignIn(pages, sessions, roles, platforms, baseUrl);
    ConsoleTeams teams = new ConsoleTeams(pages, views, roles, leads, clock);
    return RouterFunctions.route()
        .GET("/console", pages::home)
        .GET("/console/", pages::home)
        .GET(ConsoleGuard.LOGIN, pages::login)
        .POST(ConsoleGuard.LOGIN, pages::signIn)
        .GET(ConsoleSignIn.START, signIn::start)
        .GET(ConsoleSignIn.CALLBACK, signIn::callback)
        .POST("/console/logout", pages::signOut)
        .GET("/console/teams", teams::page)
        .GET("/console/emulator", emulator::page)
        .GET("/console/api/events", emulator::events)
        .POST("/console/api/demo-lead", emulator::demoLead)
        .add(
            RouterFunctions.resources(
                "/console/assets/**", new ClassPathResource("console/assets/")))
        .onError(Throwable.class, ConsoleErrors::unexpected)
        .build();
  }
}
