package io.salesbot.adapter.sandbox;

import static io.salesbot.adapter.sandbox.Fixtures.LISI;
import static io.salesbot.adapter.sandbox.Fixtures.ZHANGSAN;
import static io.salesbot.adapter.sandbox.Fixtures.claimed;
import static io.salesbot.adapter.sandbox.Fixtures.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.platform.ChatPlatform;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class SandboxRoutesTest {
  private final Fixtures.TestClock clock = new Fixtures.TestClock();
  private final Fixtures.RecordingQueue queue = new Fixtures.RecordingQueue();
  private final SandboxAdapterConfiguration sandbox =
      new SandboxAdapterConfiguration(queue, Fixtures.directory(), clock);
  private final ChatPlatform platform = sandbox.platform();
  private final WebTestClient client = WebTestClient.bindToRouterFunction(sandbox.routes()).build();

  @Test
  void lists_the_sandbox_reps_and_managers_of_every_team() {
    client
        .get()
        .uri("/sandbox/users")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(5)
        .jsonPath("$[0].id")
        .isEqualTo("sandbox:zhangsan")
        .jsonPath("$[0].userId")
        .isEqualTo("zhangsan")
        .jsonPath("$[0].name")
        .isEqualTo("张三")
        .jsonPath("$[0].team")
        .isEqualTo("east")
        .jsonPath("$[0].teamName")
        .isEqualTo("华东一组")
        .jsonPath("$[0].region")
        .isEqualTo("华东")
        .jsonPath("$[0].role")
        .isEqualTo("rep")
        .jsonPath("$[1].userId")
        .isEqualTo("lisi")
        .jsonPath("$[2].userId")
        .isEqualTo("wangjingli")
        .jsonPath("$[2].name")
        .isEqualTo("王经理")
        .jsonPath("$[2].role")
        .isEqualTo("manager")
        .jsonPath("$[3].userId")
        .isEqualTo("zhouwu")
        .jsonPath("$[3].team")
        .isEqualTo("north")
        .jsonPath("$[3].region")
        .isEqualTo("华北")
        .jsonPath("$[4].userId")
        .isEqualTo("zhaozong")
        .jsonPath("$[?(@.userId == 'QianLiu')]")
        .isEmpty();
  }

  @Test
  void inbox_shows_cards_and_texts_newest_first() {
    platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN)).block();
    clock.advance(Duration.ofMinutes(1));
    platform.sendText("t-1", "请尽快联系客户", List.of(ZHANGSAN)).block();

    client
        .get()
        .uri("/sandbox/users/zhangsan/inbox")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(2)
        .jsonPath("$[0].kind")
        .isEqualTo("text")
        .jsonPath("$[0].text")
        .isEqualTo("请尽快联系客户")
        .jsonPath("$[0].receivedAt")
        .isEqualTo("2025-03-01T01:01:00Z")
        .jsonPath("$[1].kind")
        .isEqualTo("card")
        .jsonPath("$[1].cardId")
        .isEqualTo("c1")
        .jsonPath("$[1].version")
        .isEqualTo(1)
        .jsonPath("$[1].type")
        .isEqualTo("LEAD_OFFER")
        .jsonPath("$[1].title")
        .isEqualTo("新线索 v1")
        .jsonPath("$[1].elements[0].kind")
        .isEqualTo("text")
        .jsonPath("$[1].elements[0].text")
        .isEqualTo("有客户咨询")
        .jsonPath("$[1].elements[1].kind")
        .isEqualTo("field")
        .jsonPath("$[1].elements[1].label")
        .isEqualTo("地区")
        .jsonPath("$[1].elements[1].value")
        .isEqualTo("华东")
        .jsonPath("$[1].elements[2].kind")
        .isEqualTo("note")
        .jsonPath("$[1].buttons[0].action")
        .isEqualTo("claim")
        .jsonPath("$[1].buttons[0].label")
        .isEqualTo("领取")
        .jsonPath("$[1].buttons[0].payload")
        .isEqualTo("lead-c1")
        .jsonPath("$[1].buttons[0].style")
        .isEqualTo("primary")
        .jsonPath("$[1].receivedAt")
        .isEqualTo("2025-03-01T01:00:00Z")
        .jsonPath("$[1].updatedAt")
        .isEqualTo("2025-03-01T01:00:00Z");
  }

  @Test
  void inbox_shows_a_chart_image_as_its_url_and_caption() {
    String id = "0f".repeat(32);
    platform.sendImage("img-1", id, "销售漏斗 · 华东", List.of(ZHANGSAN)).block();

    client
        .get()
        .uri("/sandbox/users/zhangsan/inbox")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(1)
        .jsonPath("$[0].kind")
        .isEqualTo("image")
        .jsonPath("$[0].url")
        .isEqualTo("/charts/" + id + ".png")
        .jsonPath("$[0].caption")
        .isEqualTo("销售漏斗 · 华东")
        .jsonPath("$[0].receivedAt")
        .isEqualTo("2025-03-01T01:00:00Z");
  }

  @Test
  void a_known_user_with_nothing_delivered_has_an_empty_inbox() {
    client
        .get()
        .uri("/sandbox/users/zhaozong/inbox")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("[]");
  }

  @Test
  void unknown_user_is_a_404_problem() {
    client
        .get()
        .uri("/sandbox/users/nobody/inbox")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(404)
        .jsonPath("$.detail")
        .value(
            String.class,
            (String d) -> assertThat(d).contains("找不到沙盒用户", "Unknown sandbox user 'nobody'"))
        .jsonPath("$.instance")
        .isEqualTo("/sandbox/users/nobody/inbox");
  }

  @Test
  void pressing_a_button_enqueues_a_card_action_and_answers_202_with_its_event_id() {
    platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN)).block();

    Map<?, ?> answer =
        client
            .post()
            .uri("/sandbox/actions")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "userId", "zhangsan", "cardId", "c1", "action", "claim", "payload", "lead-c1"))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();

    assertThat(queue.events)
        .singleElement()
        .isInstanceOfSatisfying(
            InboundEvent.CardAction.class,
            e -> {
              assertThat(e.eventId()).startsWith("sandbox-").isEqualTo(answer.get("eventId"));
              assertThat(e.user()).isEqualTo(ZHANGSAN);
              assertThat(e.cardId()).isEqualTo("c1");
              assertThat(e.action()).isEqualTo("claim");
              assertThat(e.payload()).isEqualTo("lead-c1");
              assertThat(e.receivedAt()).isEqualTo(clock.instant());
            });
  }

  @Test
  void pressing_a_button_on_a_card_the_user_does_not_have_is_404_and_enqueues_nothing() {
    platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN)).block();

    client
        .post()
        .uri("/sandbox/actions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of("userId", "lisi", "cardId", "c1", "action", "claim", "payload", "lead-c1"))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, (String d) -> assertThat(d).contains("没有卡片", "has no card 'c1'"));

    assertThat(queue.events).isEmpty();
  }

  @Test
  void a_button_that_is_no_longer_on_the_card_is_400_and_enqueues_nothing() {
    platform.sendCard("cmd-1", offer("c1", 1), List.of(LISI)).block();
    platform.updateCard("cmd-2", claimed("c1", 2), List.of(LISI)).block();

    client
        .post()
        .uri("/sandbox/actions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of("userId", "lisi", "cardId", "c1", "action", "claim", "payload", "lead-c1"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    client
        .post()
        .uri("/sandbox/actions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("userId", "zhangsan", "cardId", "c1", "action", "claim", "payload", "x"))
        .exchange()
        .expectStatus()
        .isNotFound();

    assertThat(queue.events).isEmpty();
  }

  @Test
  void an_action_by_an_unknown_user_is_404() {
    client
        .post()
        .uri("/sandbox/actions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("userId", "nobody", "cardId", "c1", "action", "claim", "payload", "p"))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, (String d) -> assertThat(d).contains("Unknown sandbox user 'nobody'"));
    assertThat(queue.events).isEmpty();
  }

  @Test
  void an_action_with_a_missing_field_is_a_400_problem_naming_the_field() {
    client
        .post()
        .uri("/sandbox/actions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("userId", "zhangsan", "cardId", "c1", "action", "claim"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, (String d) -> assertThat(d).contains("payload"));
    assertThat(queue.events).isEmpty();
  }

  @Test
  void malformed_json_is_a_400_problem() {
    client
        .post()
        .uri("/sandbox/actions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"userId\": \"zhangsan\", ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.title")
        .isEqualTo("Bad request")
        .jsonPath("$.detail")
        .isEqualTo("请求体不是有效的 JSON。 The request body is not valid JSON.")
        .jsonPath("$.instance")
        .isEqualTo("/sandbox/actions")
        .jsonPath("$.properties")
        .doesNotExist()
        .jsonPath("$.trace")
        .doesNotExist();
    client
        .post()
        .uri("/sandbox/users/zhangsan/messages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("[\"not an object\"]")
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void a_body_over_64_kib_is_413() {
    String big = "{\"text\": \"" + "x".repeat(70 * 1024) + "\"}";
    client
        .post()
        .uri("/sandbox/users/zhangsan/messages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(big)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.valueOf(413))
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(queue.events).isEmpty();
  }

  @Test
  void a_non_json_body_is_415() {
    client
        .post()
        .uri("/sandbox/users/zhangsan/messages")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("hello")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void when_the_queue_fails_the_answer_is_503_with_retry_after() {
    platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN)).block();
    queue.failing = true;

    client
        .post()
        .uri("/sandbox/actions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of("userId", "zhangsan", "cardId", "c1", "action", "claim", "payload", "lead-c1"))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader()
        .valueEquals("Retry-After", "5")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(
            String.class,
            (String d) -> assertThat(d).contains("稍后重试", "retry").doesNotContain("redis is down"));
    client
        .post()
        .uri("/sandbox/users/zhangsan/messages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "/funnel"))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader()
        .exists("Retry-After");
  }

  @Test
  void typing_a_message_enqueues_a_text_message() {
    String eventId =
        (String)
            client
                .post()
                .uri("/sandbox/users/wangjingli/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", "/漏斗"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("eventId");

    assertThat(queue.events)
        .singleElement()
        .isInstanceOfSatisfying(
            InboundEvent.TextMessage.class,
            e -> {
              assertThat(e.eventId()).isEqualTo(eventId).startsWith("sandbox-");
              assertThat(e.user()).isEqualTo(Fixtures.WANG);
              assertThat(e.text()).isEqualTo("/漏斗");
              assertThat(e.receivedAt()).isEqualTo(clock.instant());
            });
  }

  @Test
  void a_message_must_have_text_of_at_most_2000_characters() {
    client
        .post()
        .uri("/sandbox/users/zhangsan/messages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "  "))
        .exchange()
        .expectStatus()
        .isBadRequest();
    client
        .post()
        .uri("/sandbox/users/zhangsan/messages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "好".repeat(2001)))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, (String d) -> assertThat(d).contains("2000"));
    client
        .post()
        .uri("/sandbox/users/zhangsan/messages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "好".repeat(2000)))
        .exchange()
        .expectStatus()
        .isAccepted();
    client
        .post()
        .uri("/sandbox/users/nobody/messages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "hi"))
        .exchange()
        .expectStatus()
        .isNotFound();

    assertThat(queue.events).hasSize(1);
  }
}
