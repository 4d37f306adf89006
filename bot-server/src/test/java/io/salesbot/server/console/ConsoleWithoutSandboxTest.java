package io.salesbot.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.core.lead.LeadIntake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * Without the sandbox (a real deployment, before WeCom and DingTalk sign-in exist) the console
 * shows no data and lets nobody in; sessions end when they expire.
 */
class ConsoleWithoutSandboxTest {
  private final AtomicInteger submitted = new AtomicInteger();
  private final LeadIntake intake =
      submission -> {
        submitted.incrementAndGet();
        return Mono.empty();
      };
  private final MutableClock clock = new MutableClock();
  private final ConsoleSessions sessions = new ConsoleSessions(clock, Duration.ofHours(12));
  private final WebTestClient http =
      WebTestClient.bindToRouterFunction(
              new ConsoleConfiguration()
                  .consoleRoutes(
                      sessions,
                      intake,
                      new DefaultListableBeanFactory()
                          .getBeanProvider(SandboxAdapterConfiguration.class)))
          .webFilter(new ConsoleGuard(sessions))
          .build();

  @Test
  void the_sign_in_page_says_sign_in_is_not_available_yet_and_lists_nobody() {
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
        .contains("企业微信和钉钉扫码登录将在后续版本提供")
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
    ConsoleSessions.Session session = sessions.start("zhangsan", "张三", "rep");
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
    assertThat(sessions.find(session.id())).isEmpty();
  }

  @Test
  void sessions_get_fresh_random_ids_and_tokens() {
    ConsoleSessions.Session a = sessions.start("zhangsan", "张三", "rep");
    ConsoleSessions.Session b = sessions.start("zhangsan", "张三", "rep");
    assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
    assertThat(a.csrfToken()).isNotEqualTo(b.csrfToken()).isNotEqualTo(a.id());
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
