package io.salesbot.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.TestTeams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * Without the sandbox and without sign-in configured (a real deployment before salesbot.console.*
 * is set) the console shows no data and lets nobody in; sessions end when they expire.
 */
class ConsoleWithoutSandboxTest {
  private final AtomicInteger submitted = new AtomicInteger();
  private final LeadIntake intake =
      submission -> {
        submitted.incrementAndGet();
        return Mono.empty();
      };
  private final MutableClock clock = new MutableClock();
  private final ConsoleSessions sessions =
      new ConsoleSessions(
          ConsoleRedis.client(), ConsoleRedis.prefix(), clock, Duration.ofHours(12));
  private final ConsoleRoles roles = new ConsoleRoles(TestTeams.directory(), Set.of());
  private final WebTestClient http =
      WebTestClient.bindToRouterFunction(
              ConsoleConfiguration.routes(
                  sessions, roles, Map.of(), null, intake, new InMemoryLeads(), clock, null))
          .webFilter(new ConsoleGuard(sessions))
          .build();

  private static final ConsoleSessions.Person ZHANGSAN =
      new ConsoleSessions.Person(
          "sandbox", "zhangsan", "张三", new ConsoleRoles.Access("rep", List.of("east")));

  @AfterEach
  void close() {
    sessions.close();
  }

  @Test
  void the_sign_in_page_says_how_to_configure_sign_in_and_lists_nobody() {
    String html =
        http.get()
            .uri("/console/login")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(html)
        .contains("尚未配置登录方式")
        .contains("salesbot.console.sign-in")
        .doesNotContain("<form")
        .doesNotContain("_csrf");
  }

  @Test
  void a_made_up_sign_in_is_refused_and_other_pages_stay_closed() {
    http.post()
        .uri("/console/login")
        .cookie(ConsoleCookies.LOGIN_CSRF, "t0k3n")
        .header(ConsoleGuard.CSRF_HEADER, "t0k3n")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .doesNotExist("Set-Cookie");
    http.get()
        .uri("/console/emulator")
        .exchange()
        .expectStatus()
        .isSeeOther()
        .expectHeader()
        .location("/console/login");
    http.post().uri("/console/api/demo-lead").exchange().expectStatus().isUnauthorized();
    assertThat(submitted).hasValue(0);
  }

  @Test
  void an_expired_session_is_sent_to_sign_in() {
    ConsoleSessions.Session session = sessions.start(ZHANGSAN).block();
    http.get()
        .uri("/console/")
        .cookie(ConsoleCookies.SESSION, session.id())
        .exchange()
        .expectStatus()
        .isOk();

    clock.now = clock.now.plus(Duration.ofHours(12));

    http.get()
        .uri("/console/")
        .cookie(ConsoleCookies.SESSION, session.id())
        .exchange()
        .expectStatus()
        .isSeeOther();
    assertThat(sessions.find(session.id()).blockOptional()).isEmpty();
  }

  @Test
  void when_redis_cannot_be_reached_pages_and_the_api_say_so_and_let_nobody_in() {
    io.lettuce.core.RedisClient down = io.lettuce.core.RedisClient.create("redis://127.0.0.1:1");
    try (ConsoleSessions unreachable =
        new ConsoleSessions(down, ConsoleRedis.prefix(), clock, Duration.ofHours(12))) {
      WebTestClient client =
          WebTestClient.bindToRouterFunction(
                  ConsoleConfiguration.routes(
                      unreachable, roles, Map.of(), null, intake, new InMemoryLeads(), clock, null))
              .webFilter(new ConsoleGuard(unreachable))
              .build();
      String page =
          client
              .get()
              .uri("/console/")
              .cookie(ConsoleCookies.SESSION, ConsoleSessions.token())
              .exchange()
              .expectStatus()
              .isEqualTo(503)
              .expectHeader()
              .valueEquals("Retry-After", "5")
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      assertThat(page).contains("控制台暂时无法读取登录状态").doesNotContain("Exception");
      client
          .post()
          .uri("/console/api/demo-lead")
          .cookie(ConsoleCookies.SESSION, ConsoleSessions.token())
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectHeader()
          .contentType("application/problem+json");
      assertThat(submitted).hasValue(0);
    } finally {
      down.shutdown();
    }
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2025-03-03T02:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
