package io.salesbot.adapter.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryQuotas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Card values within DingTalk's 1 KB, a second press that is not a duplicate, markdown that cannot
 * be injected, and robot callbacks that cannot redirect replies or be replayed.
 */
class DingtalkHardeningTest {
  private static final Address U1 = new Address("dingtalk", "u1");
  private static final Address U2 = new Address("dingtalk", "u2");

  private final DingtalkPlatform platform =
      (DingtalkPlatform)
          new DingtalkAdapterConfiguration(
                  Payloads.settings("http://127.0.0.1:9", DingtalkSettings.Mode.STREAM),
                  new InMemoryInboundQueue(),
                  new InMemoryAccessTokens(),
                  Payloads.CLOCK)
              .platform();

  private static Card card(String field) {
    return new Card(
        "lead-42",
        2,
        CardType.LEAD_CLAIMED_BY_YOU,
        "你已领取：" + field,
        List.of(new CardElement.Field("备注", field), new CardElement.Note("来源 " + field)),
        List.of(new CardButton("contacted", "已联系", "lead-42", CardButton.Style.PRIMARY)));
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  // --- 6. card values

  @Test
  void every_card_value_and_each_persons_private_data_stay_within_1_kb() {
    String long3000 = "很长的备注".repeat(600);
    ObjectNode create = platform.create("offer-42", card(long3000), "lead-42", List.of(U1));
    create
        .path("cardData")
        .path("cardParamMap")
        .properties()
        .forEach(e -> assertThat(bytes(e.getValue().asString())).isLessThanOrEqualTo(1024));
    assertThat(create.path("cardData").path("cardParamMap").path("markdown").asString())
        .endsWith("…");

    ObjectNode update = platform.update("claimed-42", card(long3000), "lead-42", List.of(U1, U2));
    for (String user : List.of("u1", "u2")) {
      JsonNode mine = update.path("privateData").path(user).path("cardParamMap");
      assertThat(bytes(DingtalkEvents.JSON.writeValueAsString(mine))).isLessThanOrEqualTo(1024);
      assertThat(mine.path("btn1Key").asString())
          .as("buttons are never cut")
          .isEqualTo(DingtalkCards.params(card("x"), CardKeys.render("claimed-42")).get("btn1Key"));
    }
  }

  // --- 7. a second press

  private static InboundEvent press(String key) {
    ObjectNode click = DingtalkEvents.JSON.createObjectNode();
    click.put("type", "actionCallback");
    click.put("outTrackId", "lead-42");
    click.put("userId", "u1");
    click.put(
        "content",
        "{\"cardPrivateData\":{\"actionIds\":[\"btn1\"],\"params\":{\"key\":\"" + key + "\"}}}");
    return DingtalkEvents.cardCallback(click, Payloads.NOW);
  }

  @Test
  void a_press_on_a_newer_rendering_is_a_new_click_and_a_retried_push_is_not() {
    String first = DingtalkCards.params(card("x"), CardKeys.render("followup-1")).get("btn1Key");
    String again = DingtalkCards.params(card("x"), CardKeys.render("followup-1")).get("btn1Key");
    String later = DingtalkCards.params(card("x"), CardKeys.render("followup-2")).get("btn1Key");

    assertThat(press(first).eventId())
        .as("DingTalk retrying one push")
        .isEqualTo(press(again).eventId());
    assertThat(press(later).eventId())
        .as("the same button pressed again after the card was updated")
        .isNotEqualTo(press(first).eventId());
    assertThat(press(later))
        .isInstanceOfSatisfying(
            InboundEvent.CardAction.class,
            a -> {
              assertThat(a.cardId()).isEqualTo("lead-42");
              assertThat(a.action()).isEqualTo("contacted");
              assertThat(a.payload()).isEqualTo("lead-42");
            });
    assertThat(press(CardKeys.buttonKey("lead-42", "claim", "42")))
        .as("keys of cards sent before still work")
        .isInstanceOf(InboundEvent.CardAction.class);
  }

  // --- 8. markdown injection

  @Test
  void form_values_cannot_plant_links_images_or_lines_in_card_markdown() {
    String hostile = "王[点我领奖](http://evil.example) ![x](http://evil.example/i.png)\n\n# 假标题\n- 假行";
    String markdown = DingtalkCards.params(card(hostile), CardKeys.render("c")).get("markdown");
    assertThat(markdown).startsWith("**备注**：王");
    assertThat(markdown).doesNotContain("](", "![", "\n#", "\n-", "\n\n- ");
    assertThat(markdown.lines().count()).as("the value stays on its line").isEqualTo(1);
    assertThat(markdown).contains("［点我领奖］（http://evil.example）");
  }

  @Test
  void a_markdown_reply_escapes_each_line() {
    String reply = DingtalkPlatform.markdown("你的线索：\n1. [王](http://evil) 138****0000\n![i](x)");
    assertThat(reply).doesNotContain("](", "![");
    assertThat(reply).contains("［王］（http://evil）");
  }

  // --- 9. session webhooks and replays

  @Test
  void a_session_webhook_is_kept_only_on_dingtalks_hosts() {
    SessionWebhooks webhooks =
        new SessionWebhooks(new InMemoryAccessTokens(), Payloads.CLOCK, Payloads.CLIENT_ID);
    assertThat(webhooks.accepts("https://oapi.dingtalk.com/robot/sendBySession?session=1"))
        .isTrue();
    assertThat(webhooks.accepts("https://api.dingtalk.com/robot/sendBySession?session=1")).isTrue();
    assertThat(webhooks.accepts("https://evil.example/robot/sendBySession")).isFalse();
    assertThat(webhooks.accepts("http://oapi.dingtalk.com/robot/sendBySession")).isFalse();
    assertThat(webhooks.accepts("https://oapi.dingtalk.com.evil.example/x")).isFalse();
    assertThat(webhooks.accepts("https://user@oapi.dingtalk.com/x")).isFalse();

    ObjectNode m = DingtalkEvents.JSON.createObjectNode();
    m.put("msgId", "m1");
    m.put("senderStaffId", "u1");
    m.put("msgtype", "text");
    m.putObject("text").put("content", "/help");
    m.put("sessionWebhook", "https://evil.example/collect");
    m.put("sessionWebhookExpiredTime", Payloads.NOW.plusSeconds(3600).toEpochMilli());
    InboundEvent event = DingtalkEvents.botMessage(m, Payloads.NOW);
    webhooks.remember(m, event).block();
    assertThat(webhooks.forCommand("reply-" + event.eventId()).block()).isNull();
  }

  @Test
  void a_replayed_robot_callback_is_refused_and_queued_once() {
    InMemoryInboundQueue queue = new InMemoryInboundQueue();
    WebTestClient http =
        WebTestClient.bindToRouterFunction(
                new DingtalkAdapterConfiguration(
                        Payloads.settings("http://127.0.0.1:9", DingtalkSettings.Mode.HTTP),
                        queue,
                        new InMemoryAccessTokens(),
                        DingtalkBudgets.unlimited(),
                        new InMemoryQuotas(Payloads.CLOCK),
                        Payloads.CLOCK)
                    .routes())
            .build();
    String now = Long.toString(Payloads.NOW.toEpochMilli());
    String sign = DingtalkCrypto.robotSign(now, Payloads.CLIENT_SECRET);
    Map<String, String> bodies =
        Map.of(
            "first", Payloads.load("robot-text-help.json"),
            "forged", Payloads.load("robot-text-help.json").replace("/help", "/pool"));
    http.post()
        .uri("/callbacks/dingtalk/robot")
        .header("timestamp", now)
        .header("sign", sign)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(bodies.get("first"))
        .exchange()
        .expectStatus()
        .isOk();
    http.post()
        .uri("/callbacks/dingtalk/robot")
        .header("timestamp", now)
        .header("sign", sign)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(bodies.get("forged"))
        .exchange()
        .expectStatus()
        .isEqualTo(409);
    assertThat(queue.events()).hasSize(1);
  }
}
