package io.salesbot.adapter.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Golden files pin the exact JSON of every card type and of a text. Regenerate after an intended
 * change with {@code -Dwecom.regenerate=true} and review the diff.
 */
class WecomMessagesTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private final WecomMessages messages = new WecomMessages(WecomSettings.DEFAULT_CARD_URL);

  static String pretty(JsonNode node) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
  }

  static String golden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("wecom.regenerate")) {
      Files.writeString(Path.of("src/test/resources/golden/wecom/" + name + ".json"), actual);
    }
    return golden(name);
  }

  static String golden(String name) throws IOException {
    try (InputStream in =
        WecomMessagesTest.class.getResourceAsStream("/golden/wecom/" + name + ".json")) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void lead_offer_is_a_button_interaction_card() throws IOException {
    String json =
        pretty(
            messages.sendCard(Cards.leadOffer(), List.of("ZhangSan", "LiSi"), 1000002, "a1b2c3d4"));
    assertThat(json).isEqualTo(golden("lead-offer", json));
  }

  @Test
  void claimed_by_you_is_a_text_notice_card() throws IOException {
    String json =
        pretty(messages.sendCard(Cards.claimedByYou(), List.of("LiSi"), 1000002, "b2c3d4e5"));
    assertThat(json).isEqualTo(golden("lead-claimed-by-you", json));
  }

  @Test
  void claimed_by_other_is_a_text_notice_card() throws IOException {
    String json =
        pretty(messages.sendCard(Cards.claimedByOther(), List.of("ZhangSan"), 1000002, "c3d4e5f6"));
    assertThat(json).isEqualTo(golden("lead-claimed-by-other", json));
  }

  @Test
  void welcome_is_a_button_interaction_card_with_command_buttons() throws IOException {
    String json = pretty(messages.sendCard(Cards.welcome(), List.of("LiSi"), 1000002, "e5f6a7b8"));
    assertThat(json).isEqualTo(golden("welcome", json));
  }

  @Test
  void an_update_replaces_the_whole_card_with_the_response_code() throws IOException {
    String json =
        pretty(
            messages.updateCard(
                Cards.claimedByOther(),
                List.of("ZhangSan", "WangWu"),
                1000002,
                "RC-1",
                "d4e5f6a7"));
    assertThat(json).isEqualTo(golden("update-claimed-by-other", json));
  }

  @Test
  void text_message() throws IOException {
    String json =
        pretty(
            messages.sendText(
                "salesbot 可用命令：\n/help 或 /帮助 — 查看帮助", List.of("ZhangSan"), 1000002, "a1b2c3d4e5"));
    assertThat(json).isEqualTo(golden("text", json));
  }

  @Test
  void a_text_ends_with_its_commands_invisible_mark_and_asks_for_the_duplicate_check() {
    JsonNode body = messages.sendText("公海里有 3 条线索", List.of("ZhangSan"), 1000002, "0000ffff01");

    String content = body.get("text").get("content").asString();
    // 0x0000ffff: sixteen zero bits, then sixteen one bits, as zero-width characters
    assertThat(content)
        .isEqualTo("公海里有 3 条线索" + "\u200B".repeat(16) + "\u200C".repeat(16))
        .endsWith(WecomMessages.mark("0000ffff"));
    assertThat(body.get("enable_duplicate_check").asInt()).isEqualTo(1);
    assertThat(body.get("duplicate_check_interval").asInt()).isEqualTo(4 * 60 * 60);
  }

  @Test
  void the_same_words_of_two_commands_make_two_requests_and_a_repeat_the_same_one() {
    JsonNode first = messages.sendText("公海暂无线索", List.of("ZhangSan"), 1, "a1b2c3d4");
    JsonNode again = messages.sendText("公海暂无线索", List.of("ZhangSan"), 1, "a1b2c3d4");
    JsonNode other = messages.sendText("公海暂无线索", List.of("ZhangSan"), 1, "a1b2c3d5");

    assertThat(pretty(again)).isEqualTo(pretty(first));
    assertThat(pretty(other)).isNotEqualTo(pretty(first));
    assertThat(WecomMessages.mark("a1b2c3d4"))
        .hasSize(WecomMessages.MARK_BITS)
        .startsWith("\u200C\u200B\u200C\u200B\u200B\u200B\u200B\u200C") // 0xa1 = 1010 0001
        .matches("[\u200B\u200C]+");
  }

  @Test
  void cuts_to_wecom_limits_instead_of_failing() {
    List<CardElement> elements = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      elements.add(new CardElement.Field("很长的字段名" + i, "值".repeat(40)));
    }
    List<CardButton> buttons = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      buttons.add(new CardButton("act" + i, "一个非常非常长的按钮文字", "p" + i, CardButton.Style.DEFAULT));
    }
    Card card =
        new Card(
            "card with spaces/and:odd chars".repeat(10),
            3,
            CardType.LEAD_OFFER,
            "标题".repeat(30),
            elements,
            buttons);

    JsonNode t = messages.sendCard(card, List.of("u"), 1, "ffffffff").get("template_card");

    assertThat(t.get("main_title").get("title").asString()).hasSize(26).endsWith("…");
    assertThat(t.get("horizontal_content_list")).hasSize(6);
    assertThat(t.get("horizontal_content_list").get(0).get("keyname").asString())
        .isEqualTo("很长的字…");
    assertThat(t.get("horizontal_content_list").get(0).get("value").asString()).hasSize(26);
    assertThat(t.get("sub_title_text").asString()).startsWith("很长的字段名7：");
    assertThat(t.get("button_list")).hasSize(6);
    assertThat(t.get("button_list").get(0).get("text").asString()).isEqualTo("一个非常非常长的按…");
    String taskId = t.get("task_id").asString();
    assertThat(taskId).matches("[A-Za-z0-9_\\-@]+").endsWith("@3@ffffffff");
    assertThat(taskId.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(128);
  }

  @Test
  void texts_are_cut_to_2048_bytes() {
    String text =
        messages
            .sendText("长".repeat(1000), List.of("u"), 1, "ffffffff")
            .get("text")
            .get("content")
            .asString();
    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
    assertThat(text).endsWith("…" + WecomMessages.mark("ffffffff"));
  }

  @Test
  void button_keys_round_trip_and_task_ids_give_back_the_card_id() {
    String key = CardKeys.buttonKey("claim", "lead|with|bars\nand lines");
    assertThat(CardKeys.decode(key))
        .contains(new CardKeys.ButtonAction("claim", "lead|with|bars\nand lines"));
    assertThat(CardKeys.decode("garbage")).isEmpty();
    assertThat(CardKeys.cardIdOf(CardKeys.taskId(Cards.CARD_ID, 2, "abc")))
        .isEqualTo(Cards.CARD_ID);
  }
}
