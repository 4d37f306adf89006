package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundCommandJsonTest {
  static final List<Address> TEAM =
      List.of(new Address("wecom", "ZhangSan"), new Address("wecom", "LiSi"));

  static Card card(CardType type) {
    return new Card(
        "card-lead-42",
        3,
        type,
        "新线索：上海某制造 \"VIP\"",
        List.of(
            new CardElement.Text("客户想了解价格\n第二行"),
            new CardElement.Field("地区", "华东"),
            new CardElement.Note("来源：官网表单 · 08:00")),
        List.of(
            new CardButton("claim", "领取", "lead-42", CardButton.Style.PRIMARY),
            new CardButton("details", "详情", "{\"id\":42}", CardButton.Style.DEFAULT),
            new CardButton("decline", "拒绝", "", CardButton.Style.DANGER)));
  }

  static List<OutboundCommand> commands() {
    return List.of(
        new DeliverCard("cmd-1", card(CardType.LEAD_OFFER), TEAM),
        new UpdateCard("cmd-2", card(CardType.LEAD_CLAIMED_BY_OTHER), TEAM),
        new UpdateCard("cmd-3", card(CardType.LEAD_CLAIMED_BY_YOU), List.of(TEAM.get(0))),
        new DeliverCard(
            "cmd-4",
            new Card("card-empty", 1, CardType.LEAD_OFFER, "", List.of(), List.of()),
            List.of(new Address("sandbox", "wangwu"))),
        new SendText("cmd-5", "您好 👋 已收到", List.of(new Address("dingtalk", "0123456789"))),
        new DeliverCard("cmd-6", card(CardType.LEAD_OFFER), TEAM, true),
        new OutboundCommand.SendImage("cmd-7", "img-ab12", "漏斗 · 华东一组", TEAM));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandRoundTrips(OutboundCommand command) {
    String json = OutboundCommandJson.write(command);

    assertThat(OutboundCommandJson.read(json)).isEqualTo(command);
  }

  @Test
  void theStoredShapeIsExplicit() {
    String json =
        OutboundCommandJson.write(
            new SendText("cmd-9", "hi", List.of(new Address("sandbox", "a"))));

    assertThat(json)
        .isEqualTo(
            "{\"v\":1,\"type\":\"send-text\",\"commandId\":\"cmd-9\",\"recipients\":[\"sandbox:a\"],\"text\":\"hi\"}");
  }

  @Test
  void unknownPropertiesAreIgnored() {
    String json =
        "{\"v\":1,\"type\":\"send-text\",\"commandId\":\"c\",\"recipients\":[\"sandbox:a\"],"
            + "\"text\":\"hi\",\"addedLater\":{\"x\":1}}";

    assertThat(OutboundCommandJson.read(json))
        .isEqualTo(new SendText("c", "hi", List.of(new Address("sandbox", "a"))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{not json",
        "[]",
        "null",
        "{\"v\":2,\"type\":\"send-text\",\"commandId\":\"c\",\"recipients\":[\"sandbox:a\"],\"text\":\"x\"}",
        "{\"v\":1,\"type\":\"fax\",\"commandId\":\"c\",\"recipients\":[\"sandbox:a\"]}",
        "{\"v\":1,\"type\":\"send-text\",\"commandId\":\"c\",\"recipients\":[],\"text\":\"x\"}",
        "{\"v\":1,\"type\":\"send-text\",\"commandId\":\"c\",\"recipients\":[\"nocolon\"],\"text\":\"x\"}",
        "{\"v\":1,\"type\":\"send-text\",\"commandId\":\"c\",\"recipients\":[\"a:b\",\"c:d\"],\"text\":\"x\"}",
        "{\"v\":1,\"type\":\"send-text\",\"commandId\":\"c\",\"recipients\":[\"sandbox:a\"]}",
        "{\"v\":1,\"type\":\"deliver-card\",\"commandId\":\"c\",\"recipients\":[\"sandbox:a\"]}",
        "{\"v\":1,\"type\":\"deliver-card\",\"commandId\":\"c\",\"recipients\":[\"sandbox:a\"],"
            + "\"card\":{\"cardId\":\"x\",\"version\":1,\"type\":\"NOPE\",\"title\":\"t\",\"elements\":[],\"buttons\":[]}}",
        "{\"v\":1,\"type\":\"deliver-card\",\"commandId\":\"c\",\"recipients\":[\"sandbox:a\"],"
            + "\"card\":{\"cardId\":\"x\",\"version\":1,\"type\":\"LEAD_OFFER\",\"title\":\"t\","
            + "\"elements\":[{\"kind\":\"video\"}],\"buttons\":[]}}",
        "{\"v\":1,\"type\":\"deliver-card\",\"commandId\":\"c\",\"recipients\":[\"sandbox:a\"],"
            + "\"card\":{\"cardId\":\"x\",\"version\":\"1\",\"type\":\"LEAD_OFFER\",\"title\":\"t\",\"elements\":[],\"buttons\":[]}}",
        "{\"v\":1,\"type\":\"deliver-card\",\"commandId\":\"c\",\"recipients\":[\"sandbox:a\"],"
            + "\"card\":{\"cardId\":\"x\",\"version\":1,\"type\":\"LEAD_OFFER\",\"title\":\"t\",\"elements\":[],"
            + "\"buttons\":[{\"action\":\"a\",\"label\":\"l\",\"payload\":\"p\",\"style\":\"LOUD\"}]}}"
      })
  void unreadableJsonIsUndecodableNeverAnotherException(String json) {
    assertThatThrownBy(() -> OutboundCommandJson.read(json))
        .isInstanceOf(UndecodableEntryException.class);
  }
}
