package io.salesbot.adapter.wecom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.platform.CardReferences.CardReference;
import io.salesbot.core.platform.DeliverOutbound;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryCardReferences;
import io.salesbot.core.testing.InMemoryDeliveries;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemorySendBudgets;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WeCom that carries a card or a text out but answers after the adapter has given up (issue 15's
 * "zero duplicate cards", and the same for texts). The stand-in behaves as WeCom documents it
 * ({@link WeCom}): a {@code task_id} is taken once per app, so the first request with it is carried
 * out (answered late) and every later one is refused with 42014; a text or image asking for the
 * duplicate check is shown once per request JSON within the interval (path/90236), a repeat
 * answered errcode 0 and not shown (that answer is an assumption). A card or text must reach each
 * person once however often its send is tried, and the same words of another command must reach
 * them again.
 */
class WecomLateAnswerTest {
  static final String SEND = WecomPlatformTest.SEND;
  static final Address ZHANGSAN = new Address("wecom", "ZhangSan");
  static final Address LISI = new Address("wecom", "LiSi");
  static final String OK =
      "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"MSG\",\"response_code\":\"RC\"}";
  static final String TASK_ID_TAKEN = "{\"errcode\":42014,\"errmsg\":\"invalid task_id\"}";
  static final String TEXT_OK =
      "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"MSG\"}";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T09:00:00Z"));
  private final InMemoryDeliveries deliveries = new InMemoryDeliveries();
  private final WaitingOutbox outbox = new WaitingOutbox(clock);
  private final WeCom weCom = new WeCom();
  private final InMemoryCardReferences references = new InMemoryCardReferences();
  private WireMockServer wecom;

  /**
   * WeCom's side of {@code message/send}. A card: the first request with a {@code task_id} takes it
   * and is carried out (shown to its recipients), answered only after 5 s; any later request with a
   * taken {@code task_id} is refused with 42014. Anything else asking for the duplicate check: a
   * request JSON seen before (the access token is in the URL, not the body) is answered errcode 0
   * at once and not shown; a new one is shown, answered after 5 s. Taking is atomic, as it must be
   * on WeCom's side.
   */
  static final class WeCom implements ResponseDefinitionTransformerV2 {
    static final String NAME = "wecom-task-ids";
    final Set<String> taken = ConcurrentHashMap.newKeySet();
    final List<String> carriedOut = new CopyOnWriteArrayList<>();
    final List<String> textsShown = new CopyOnWriteArrayList<>();

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      String body = event.getRequest().getBodyAsString();
      String taskId = taskId(body);
      if (!taskId.isEmpty()) {
        if (taken.add(taskId)) {
          carriedOut.add(body);
          return late(OK);
        }
        return ResponseDefinitionBuilder.okForJson(0).withBody(TASK_ID_TAKEN).build();
      }
      boolean checked = JSON.readTree(body).path("enable_duplicate_check").asInt(0) == 1;
      if (checked && !taken.add(body)) {
        return ResponseDefinitionBuilder.okForJson(0).withBody(TEXT_OK).build();
      }
      textsShown.add(body);
      return late(TEXT_OK);
    }

    private static ResponseDefinition late(String answer) {
      return ResponseDefinitionBuilder.okForJson(0).withBody(answer).withFixedDelay(5_000).build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return NAME;
    }
  }

  @BeforeEach
  void start() {
    wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(weCom));
    wecom.start();
    WecomSendShapingTest.stubToken(wecom);
    wecom.stubFor(post(urlPathEqualTo(SEND)).willReturn(aResponse().withTransformers(WeCom.NAME)));
  }

  @AfterEach
  void stop() {
    wecom.stop();
  }

  private DeliverOutbound deliver(int attempts) {
    WecomSettings settings =
        Payloads.settings(wecom.baseUrl())
            .withRetry(attempts, Duration.ofMillis(10))
            .withSending(
                new WecomSettings.Sending(2_000, Duration.ofSeconds(1), Duration.ofSeconds(5)));
    return new DeliverOutbound(
        List.of(
            new WecomAdapterConfiguration(
                    settings,
                    new InMemoryInboundQueue(),
                    references,
                    new InMemoryAccessTokens(),
                    new InMemorySendBudgets(clock),
                    clock)
                .platform()),
        deliveries,
        outbox,
        clock);
  }

  private static DeliverCard offer() {
    return new DeliverCard("offer-1", WecomSendShapingTest.card(1), List.of(ZHANGSAN, LISI));
  }

  @Test
  void a_retry_of_a_send_carried_out_late_repeats_its_task_id_and_counts_as_delivered() {
    DeliverOutbound deliver = deliver(2);

    // the fence's second try repeats the task_id; on a loaded machine it may time out as well,
    // and then the outbox brings the command back
    deliver.handle(offer()).block(Duration.ofSeconds(30));

    redeliverUntilDone(deliver);
  }

  @Test
  void a_redelivery_after_a_timed_out_send_carried_out_reaches_nobody_twice() {
    DeliverOutbound deliver = deliver(1);

    deliver.handle(offer()).block(Duration.ofSeconds(30));
    // the answer never came: nothing recorded, the command waits in the outbox
    assertThat(deliveries.all()).isEmpty();
    assertThat(outbox.size()).isEqualTo(1);

    redeliverUntilDone(deliver);
  }

  /**
   * The outbox gives the waiting command back (its back-off passed) and it is handled again, until
   * nothing waits; then each rep has a delivery, WeCom carried one card out for both, and every
   * request carried that card's task_id.
   */
  private void redeliverUntilDone(DeliverOutbound deliver) {
    drain(deliver);

    assertThat(deliveries.all())
        .extracting(Delivery::recipient)
        .containsExactlyInAnyOrder(ZHANGSAN, LISI);
    List<String> sends = sends();
    assertThat(sends).hasSizeGreaterThanOrEqualTo(2);
    assertThat(weCom.carriedOut)
        .as("cards WeCom carried out")
        .singleElement()
        .asString()
        .contains("\"touser\":\"ZhangSan|LiSi\"");
    assertThat(sends.stream().map(WecomLateAnswerTest::taskId).distinct())
        .singleElement()
        .asString()
        .startsWith("lead-1@1@");
  }

  // --- card updates

  static final String UPDATE = WecomPlatform.UPDATE;

  /**
   * ZhangSan holds lead-1's card with code RC-1. WeCom answers the first update late, after the
   * adapter has given up; the second update with the same code gets {@code second}.
   */
  private UpdateCard claimedWhileWecomIsLate(String second) {
    references
        .save(
            new CardReference(
                "wecom", "lead-1", ZHANGSAN, "RC-1", clock.instant().plus(Duration.ofHours(72))))
        .block();
    wecom.stubFor(
        post(urlPathEqualTo(UPDATE))
            .inScenario("update")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(TEXT_OK).withFixedDelay(5_000))
            .willSetStateTo("answered late"));
    wecom.stubFor(
        post(urlPathEqualTo(UPDATE))
            .inScenario("update")
            .whenScenarioStateIs("answered late")
            .willReturn(okJson(second)));
    Card claimed =
        new Card("lead-1", 2, CardType.LEAD_CLAIMED_BY_OTHER, "已被领取", List.of(), List.of());
    return new UpdateCard("claimed-1", claimed, List.of(ZHANGSAN));
  }

  private List<String> updateCodes() {
    return wecom.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().startsWith(UPDATE))
        .map(e -> JSON.readTree(e.getRequest().getBodyAsString()).path("response_code").asString())
        .toList();
  }

  @Test
  void a_redelivered_update_whose_call_timed_out_tries_the_same_code_again_instead_of_a_new_card() {
    DeliverOutbound deliver = deliver(1);

    // WeCom takes the code again: the timed-out call never took effect
    deliver.handle(claimedWhileWecomIsLate(TEXT_OK)).block(Duration.ofSeconds(30));
    drain(deliver);

    assertThat(updateCodes()).containsExactly("RC-1", "RC-1");
    assertThat(sends()).as("fresh cards").isEmpty();
    assertThat(deliveries.all())
        .singleElement()
        .extracting(Delivery::recipient, Delivery::platformRef)
        .containsExactly(ZHANGSAN, "updated:lead-1");
  }

  @Test
  void an_update_refused_after_a_timed_out_try_is_sent_as_a_fresh_card_rather_than_lost() {
    DeliverOutbound deliver = deliver(1);

    // Any refusal, for WeCom's answer to a spent code is unverified: the timed-out call may have
    // updated the card, or not; a second card is the lesser harm.
    deliver
        .handle(claimedWhileWecomIsLate("{\"errcode\":40058,\"errmsg\":\"invalid code\"}"))
        .block(Duration.ofSeconds(30));
    drain(deliver);

    assertThat(updateCodes()).containsExactly("RC-1", "RC-1");
    assertThat(weCom.carriedOut)
        .as("fresh cards WeCom showed")
        .singleElement()
        .asString()
        .contains("\"touser\":\"ZhangSan\"");
    assertThat(deliveries.all()).extracting(Delivery::recipient).containsExactly(ZHANGSAN);
  }

  // --- texts

  @Test
  void a_text_whose_send_timed_out_but_went_out_is_shown_once_however_often_it_is_tried() {
    DeliverOutbound deliver = deliver(2);

    // the fence's second try repeats the request; the outbox brings the command back after that
    deliver.handle(reply("reply-m1")).block(Duration.ofSeconds(30));
    drain(deliver);

    List<String> sends = sends();
    assertThat(sends).hasSizeGreaterThanOrEqualTo(2);
    assertThat(sends.stream().distinct()).as("every try sent the same request JSON").hasSize(1);
    assertThat(weCom.textsShown).as("texts WeCom showed").hasSize(1);
    assertThat(deliveries.all()).extracting(Delivery::recipient).containsExactly(ZHANGSAN);
  }

  @Test
  void the_same_words_of_another_command_are_another_request_and_are_shown_again() {
    DeliverOutbound deliver = deliver(1);

    deliver.handle(reply("reply-m1")).block(Duration.ofSeconds(30));
    drain(deliver);
    deliver.handle(reply("reply-m2")).block(Duration.ofSeconds(30));
    drain(deliver);

    assertThat(weCom.textsShown).as("texts WeCom showed").hasSize(2);
    assertThat(weCom.textsShown.stream().map(WecomLateAnswerTest::words)).containsOnly("公海暂无线索");
    assertThat(deliveries.all())
        .extracting(Delivery::commandId)
        .containsExactlyInAnyOrder("reply-m1", "reply-m2");
  }

  private static SendText reply(String commandId) {
    return new SendText(commandId, "公海暂无线索", List.of(ZHANGSAN));
  }

  /** The outbox gives the waiting command back (its back-off passed) until nothing waits. */
  private void drain(DeliverOutbound deliver) {
    for (int i = 0; i < 5 && outbox.size() > 0; i++) {
      clock.advance(Duration.ofMinutes(2));
      for (OutboundCommand again : outbox.releaseDue(10)) {
        deliver.handle(again).block(Duration.ofSeconds(30));
      }
    }
    assertThat(outbox.size()).as("commands still waiting").isZero();
  }

  private List<String> sends() {
    return wecom.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().startsWith(SEND))
        .map(e -> e.getRequest().getBodyAsString())
        .toList();
  }

  /** A text's words without its command's invisible mark. */
  private static String words(String body) {
    String content = JSON.readTree(body).path("text").path("content").asString();
    return content.substring(0, content.length() - WecomMessages.MARK_BITS);
  }

  private static String taskId(String body) {
    return JSON.readTree(body).path("template_card").path("task_id").asString();
  }
}
