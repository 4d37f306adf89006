package io.salesbot.core.kernel.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundEventCodecTest {
  private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void round_trips_every_event_type() {
    LeadSubmission s =
        new LeadSubmission(
            "i1",
            "web",
            "张三",
            "13800138000",
            null,
            "华东",
            null,
            "CRM",
            "hi",
            "e1",
            null,
            Map.of("utm.source", "ad"),
            Priority.HOT);
    InboundEvent[] events = {
      new InboundEvent.LeadSubmitted(s, AT),
      new InboundEvent.CardAction(
          "ev1", Address.parse("sandbox:zhangsan"), "lead-1", "claim", "1", AT),
      new InboundEvent.CardAction(
          "ev1b",
          Address.parse("wecom:ZhangSan"),
          "lead-1",
          "claim",
          "1",
          AT,
          new InboundEvent.CardAction.Reference("RC-1", AT.plusSeconds(3600))),
      new InboundEvent.TextMessage("ev2", Address.parse("wecom:ZhangSan"), "/help", AT),
      new InboundEvent.Unsupported("ev3", "wecom", "event/unknown", AT)
    };
    for (InboundEvent e : events) {
      assertThat(InboundEventCodec.decode(InboundEventCodec.encode(e))).isEqualTo(e);
    }
    assertThat(InboundEventCodec.encode(events[0]))
        .doesNotContainKey("company")
        .containsEntry("attr.utm.source", "ad");
  }

  @Test
  void unreadable_maps_become_unsupported_not_exceptions() {
    assertThat(InboundEventCodec.decode(Map.of("type", "lead", "eventId", "x")))
        .isInstanceOf(InboundEvent.Unsupported.class);
    assertThat(
            InboundEventCodec.decode(
                Map.of("type", "card-action", "user", "nocolon", "cardId", "c", "action", "a")))
        .isInstanceOf(InboundEvent.Unsupported.class);
    assertThat(InboundEventCodec.decode(Map.of())).isInstanceOf(InboundEvent.Unsupported.class);
  }

  @Test
  void a_click_whose_reference_cannot_be_read_keeps_the_click_and_drops_the_reference() {
    Map<String, String> m =
        new java.util.HashMap<>(
            InboundEventCodec.encode(
                new InboundEvent.CardAction(
                    "ev1",
                    Address.parse("wecom:ZhangSan"),
                    "lead-1",
                    "claim",
                    "1",
                    AT,
                    new InboundEvent.CardAction.Reference("RC-1", AT))));
    m.put("referenceExpiresAt", "soon");
    InboundEvent.CardAction decoded = (InboundEvent.CardAction) InboundEventCodec.decode(m);
    assertThat(decoded.reference()).isNull();
    assertThat(decoded.cardId()).isEqualTo("lead-1");
  }

  @Test
  void address_parsing_says_what_is_wrong() {
    assertThat(Address.parse(" sandbox:zhangsan").toString()).isEqualTo("sandbox:zhangsan");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Address.parse("zhangsan"))
        .hasMessageContaining("<platform>:<userId>");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Address.parse("WeCom:x"))
        .hasMessageContaining("lower-case");
  }
}
