package io.salesbot.server.console;

import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.adapter.support.HttpProblem;
import io.salesbot.core.lead.LeadIntake;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The web console under {@code /console/}: its session store, its guard (sign-in and CSRF) and its
 * routes. The emulator and the try-out sign-in need the sandbox platform; without it the console
 * still answers, saying that sign-in is not available yet.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {
  /** How long a console session lasts, whatever happens (a working day and then some). */
  static final Duration SESSION_LIFETIME = Duration.ofHours(12);

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleConfiguration.class);

  @Bean
  ConsoleSessions consoleSessions(Clock clock) {
    return new ConsoleSessions(clock, SESSION_LIFETIME);
  }

  @Bean
  ConsoleGuard consoleGuard(ConsoleSessions sessions) {
    return new ConsoleGuard(sessions);
  }

  @Bean
  RouterFunction<ServerResponse> consoleRoutes(
      ConsoleSessions sessions,
      LeadIntake intake,
      ObjectProvider<SandboxAdapterConfiguration> sandboxes) {
    SandboxAdapterConfiguration sandbox = sandboxes.getIfAvailable();
    ConsoleViews views = new ConsoleViews();
    ConsolePages pages = new ConsolePages(sessions, views, sandbox);
    ConsoleEmulator emulator = new ConsoleEmulator(pages, views, sessions, intake, sandbox);
    return RouterFunctions.route()
        .GET("/console", pages::home)
        .GET("/console/", pages::home)
        .GET(ConsoleGuard.LOGIN, pages::login)
        .POST(ConsoleGuard.LOGIN, pages::signIn)
        .POST("/console/logout", pages::signOut)
        .GET("/console/emulator", emulator::page)
        .GET("/console/api/events", emulator::events)
        .POST("/console/api/demo-lead", emulator::demoLead)
        .add(
            RouterFunctions.resources(
                "/console/assets/**", new ClassPathResource("console/assets/")))
        .onError(
            Throwable.class,
            (error, request) -> {
              LOG.error("console request {} {} failed", request.method(), request.path(), error);
              return HttpProblem.of(
                  HttpStatus.INTERNAL_SERVER_ERROR,
                  "internal",
                  "the console failed unexpectedly; see the server log");
            })
        .build();
  }
}
