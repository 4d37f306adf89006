package io.salesbot.adapter.wecom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.salesbot.core.testing.RecordingChatPlatform.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.DeliverOutbound;
import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryCardReferences;
import io.salesbot.core.testing.InMemoryDeliveries;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemorySendBudgets;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WeCom's send limits and outages end to end below the streams: {@link DeliverOutbound} with the
 * WeCom platform, send budgets and a waiting outbox on a clock the test moves, WireMock as WeCom.
 * Every request WireMock receives is stamped with the test clock's time, so the limits are checked
 * where WeCom would check them.
 */
class WecomSendShapingTest {
  static final String SEND = WecomPlatformTest.SEND;
  static final Address ZHANGSAN = new Address("wecom", "ZhangSan");
  static final Address LISI = new Address("wecom", "LiSi");
  static final Pattern TITLE = Pattern.compile("card #(\\d+)");
  static final String OK =
      "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"MSG\",\"response_code\":\"RC\"}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T09:00:00Z"));
  private final InMemoryDeliveries deliveries = new InMemoryDeliveries();
  private final WaitingOutbox outbox = new WaitingOutbox(clock);

  /** Test-clock time of every message/send WireMock received, with the card number it carried. */
  private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());

  private WireMockServer wecom;
  private int handled;

  record Sent(Instant at, int card, String body) {}

  @BeforeEach
  void start() {
    wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    wecom.start();
    stubToken(wecom);
    wecom.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(OK)));
    wecom.addMockServiceRequestListener(
        (request, response) -> {
          if (request.getUrl().startsWith(SEND)) {
            Matcher m = TITLE.matcher(request.getBodyAsString());
            sent.add(
                new Sent(
                    clock.instant(),
                    m.find() ? Integer.parseInt(m.group(1)) : -1,
                    request.getBodyAsString()));
          }
        });
  }

  @AfterEach
  void stop() {
    wecom.stop();
  }

  private DeliverOutbound deliver(SendBudgets budgets, WecomSettings settings) {
    ChatPlatform platform =
        new WecomAdapterConfiguration(
                settings,
                new InMemoryInboundQueue(),
                new InMemoryCardReferences(),
                new InMemoryAccessTokens(),
                budgets,
                clock)
            .platform();
    return new DeliverOutbound(List.of(platform), deliveries, outbox, clock);
  }

  private WecomSettings settings() {
    return Payloads.settings(wecom.baseUrl()).withRetry(2, Duration.ofMillis(10));
  }

  /** WeCom's {@code gettoken}, answering token {@code T}. */
  static void stubToken(WireMockServer wecom) {
    wecom.stubFor(
        get(urlPathEqualTo(WecomPlatformTest.GETTOKEN))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"T\",\"expires_in\":7200}")));
  }

  static Card card(int n) {
    return new Card(
        "lead-" + n,
        1,
        CardType.LEAD_OFFER,
        "card #" + n,
        List.of(new CardElement.Field("phone", "138****8000")),
        List.of(new CardButton("claim", "claim", "lead-" + n, CardButton.Style.PRIMARY)));
  }

  static DeliverCard offer(int n, Address to) {
    return new DeliverCard("offer-" + n, card(n), List.of(to));
  }

  private void handle(DeliverOutbound deliver, OutboundCommand command) {
    handled++;
    deliver.handle(command).block(Duration.ofSeconds(30));
  }

  /**
   * Releases due commands and hands them to {@code deliver}, moving the clock to the next due time
   * whenever nothing is due, until nothing waits or {@code realTime} has passed.
   */
  private void drain(DeliverOutbound deliver, Duration realTime, Duration pause) {
    long deadline = System.nanoTime() + realTime.toNanos();
    while (outbox.size() > 0 && System.nanoTime() < deadline) {
      Instant next = outbox.nextDue().orElseThrow();
      if (next.isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), next));
      }
      for (OutboundCommand c : outbox.releaseDue(200)) {
        handle(deliver, c);
      }
      sleep(pause);
    }
  }

  /** The most sends to {@code to} in any window of {@code window} (test-clock time). */
  private int mostInAnyWindow(Address to, Duration window) {
    Deque<Instant> inWindow = new ArrayDeque<>();
    int most = 0;
    List<Instant> times =
        sent.stream()
            .filter(s -> s.body().contains("\"" + to.userId() + "\""))
            .map(Sent::at)
            .sorted()
            .toList();
    for (Instant t : times) {
      inWindow.addLast(t);
      while (!inWindow.peekFirst().isAfter(t.minus(window))) {
        inWindow.removeFirst();
      }
      most = Math.max(most, inWindow.size());
    }
    return most;
  }

  private void burstOf100(DeliverOutbound deliver) {
    for (int i = 0; i < 100; i++) {
      handle(deliver, offer(i, ZHANGSAN));
    }
    drain(deliver, Duration.ofSeconds(60), Duration.ZERO);
  }

  @Test
  void
      a_burst_of_100_cards_to_one_rep_never_exceeds_30_sends_in_any_minute_and_each_arrives_once() {
    DeliverOutbound deliver = deliver(new InMemorySendBudgets(clock), settings());
    Instant start = clock.instant();

    burstOf100(deliver);

    assertThat(outbox.size()).isZero();
    assertThat(mostInAnyWindow(ZHANGSAN, Duration.ofMinutes(1))).isBetween(25, 30);
    assertThat(mostInAnyWindow(ZHANGSAN, Duration.ofSeconds(1))).isLessThanOrEqualTo(10);
    Map<Integer, Long> perCard =
        sent.stream().collect(Collectors.groupingBy(Sent::card, Collectors.counting()));
    assertThat(perCard).hasSize(100).allSatisfy((card, n) -> assertThat(n).isEqualTo(1));
    assertThat(deliveries.all())
        .hasSize(100)
        .extracting(Delivery::commandId)
        .doesNotHaveDuplicates();
    // 10 at once, then one every 3 s (20 a minute): the last one about 4.5 minutes later
    Instant last = sent.stream().map(Sent::at).max(Instant::compareTo).orElseThrow();
    assertThat(Duration.between(start, last))
        .isBetween(Duration.ofSeconds(265), Duration.ofSeconds(275));
    // waiting in line: most commands are handed over once or twice, not once per refill
    assertThat(handled).isLessThan(200);
  }

  @Test
  void the_window_check_catches_a_sender_without_budgets() {
    DeliverOutbound deliver = deliver(WecomBudgets.unlimited(), settings());

    burstOf100(deliver);

    assertThat(mostInAnyWindow(ZHANGSAN, Duration.ofMinutes(1))).isEqualTo(100);
  }

  @Test
  void a_recipient_out_of_budget_holds_the_call_and_everyone_gets_it_together_with_one_task_id() {
    SendBudgets budgets = new InMemorySendBudgets(clock);
    ChatPlatform platform =
        new WecomAdapterConfiguration(
                settings(),
                new InMemoryInboundQueue(),
                new InMemoryCardReferences(),
                new InMemoryAccessTokens(),
                budgets,
                clock)
            .platform();
    for (int i = 0; i < 10; i++) {
      delivered(platform.sendText("t-" + i, "hi", List.of(LISI)));
    }
    sent.clear();

    // LiSi's budget is spent: nobody is sent to, not even ZhangSan, whose budget is untouched — a
    // call to him alone would carry a task_id of its own, and if an earlier try to both had gone
    // out unanswered, he would see the card twice.
    assertThat(platform.sendCard("offer-1", card(1), List.of(ZHANGSAN, LISI)).block())
        .isInstanceOfSatisfying(
            SendOutcome.Later.class,
            e -> {
              assertThat(e.delivered()).isEmpty();
              assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3));
            });
    assertThat(sent).isEmpty();

    clock.advance(Duration.ofSeconds(3));
    assertThat(delivered(platform.sendCard("offer-1", card(1), List.of(ZHANGSAN, LISI))))
        .extracting(Delivery::recipient)
        .containsExactly(ZHANGSAN, LISI);
    assertThat(sent)
        .singleElement()
        .satisfies(s -> assertThat(s.body()).contains("\"touser\":\"ZhangSan|LiSi\""));
  }

  @Test
  void nobody_with_budget_means_no_call_at_all() {
    SendBudgets budgets = (list, tokens) -> reactor.core.publisher.Mono.just(Duration.ofSeconds(7));
    DeliverOutbound deliver = deliver(budgets, settings());

    handle(deliver, offer(1, ZHANGSAN));

    assertThat(sent).isEmpty();
    assertThat(outbox.size()).isEqualTo(1);
    assertThat(outbox.nextDue()).contains(clock.instant().plusSeconds(7));
    wecom.verify(0, postRequestedFor(urlPathEqualTo(SEND)));
  }

  @Test
  void
      resets_and_slow_answers_open_the_circuit_the_messages_wait_and_all_arrive_once_after_recovery() {
    WecomSettings settings =
        settings()
            .withSending(
                new WecomSettings.Sending(2_000, Duration.ofMillis(300), Duration.ofMillis(800)));
    DeliverOutbound deliver = deliver(new InMemorySendBudgets(clock), settings);
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .withRequestBody(containing("ZhangSan"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .withRequestBody(containing("LiSi"))
            .willReturn(okJson(OK).withFixedDelay(10_000)));

    for (int i = 0; i < 20; i++) {
      handle(deliver, offer(i, i % 2 == 0 ? ZHANGSAN : LISI));
    }

    // nothing failed into the stream's retries: everything waits, nothing is recorded as sent
    assertThat(outbox.size()).isEqualTo(20);
    assertThat(deliveries.all()).isEmpty();
    // the circuit opened: far fewer calls than 20 commands × 2 attempts
    int duringOutage = sent.size();
    assertThat(duringOutage).isBetween(10, 30);

    // WeCom recovers
    wecom.resetMappings();
    stubToken(wecom);
    StubMapping ok = wecom.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(OK)));
    drain(deliver, Duration.ofSeconds(20), Duration.ofMillis(100));

    assertThat(outbox.size()).isZero();
    assertThat(deliveries.all())
        .hasSize(20)
        .extracting(Delivery::commandId)
        .doesNotHaveDuplicates();
    Map<Integer, Long> answeredOk =
        wecom.getAllServeEvents().stream()
            .filter(
                e -> e.getStubMapping() != null && ok.getId().equals(e.getStubMapping().getId()))
            .map(ServeEvent::getRequest)
            .map(r -> TITLE.matcher(r.getBodyAsString()))
            .filter(Matcher::find)
            .collect(
                Collectors.groupingBy(m -> Integer.parseInt(m.group(1)), Collectors.counting()));
    assertThat(answeredOk).hasSize(20).allSatisfy((card, n) -> assertThat(n).isEqualTo(1));
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
