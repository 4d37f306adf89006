package io.salesbot.adapter.wechatmp;

import static org.assertj.core.api.Assertions.assertThat;

import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.junit.jupiter.api.Test;

class MpEventTest {
  private static MpEvent parse(String xml) {
    return MpEvent.of(Payloads.APP_ID, WxMpXmlMessage.fromXml(xml));
  }

  @Test
  void subscribe_with_qrscene_prefix_is_a_new_follower_scan_of_that_scene() {
    MpEvent e = parse(Payloads.event("subscribe", "qrscene_expo2026", 1735700000L));

    assertThat(e)
        .isEqualTo(
            new MpEvent.SceneScan(
                "mp:"
                    + Payloads.APP_ID
                    + ":evt:"
                    + Payloads.OPEN_ID
                    + ":1735700000:subscribe:qrscene_expo2026",
                Payloads.OPEN_ID,
                "expo2026",
                true));
  }

  @Test
  void scan_without_prefix_is_an_existing_follower_scan() {
    MpEvent e = parse(Payloads.event("SCAN", "expo2026", 1735700060L));

    assertThat(e).isInstanceOf(MpEvent.SceneScan.class);
    MpEvent.SceneScan scan = (MpEvent.SceneScan) e;
    assertThat(scan.scene()).isEqualTo("expo2026");
    assertThat(scan.newFollower()).isFalse();
  }

  @Test
  void scan_keeps_a_value_that_looks_prefixed_because_only_subscribe_adds_the_prefix() {
    MpEvent.SceneScan scan = (MpEvent.SceneScan) parse(Payloads.event("SCAN", "qrscene_x", 1L));

    assertThat(scan.scene()).isEqualTo("qrscene_x");
  }

  @Test
  void subscribe_without_scene_is_a_plain_follow() {
    assertThat(parse(Payloads.event("subscribe", "", 1L))).isInstanceOf(MpEvent.Followed.class);
  }

  @Test
  void a_text_uses_its_msgid_as_event_id() {
    MpEvent e = parse(Payloads.text("咨询", 42L, 1L));

    assertThat(e.eventId()).isEqualTo("mp:" + Payloads.APP_ID + ":msg:42");
    assertThat(((MpEvent.Text) e).content()).isEqualTo("咨询");
  }

  @Test
  void the_same_event_retried_has_the_same_id_and_a_later_one_another() {
    String first = parse(Payloads.event("SCAN", "expo2026", 100L)).eventId();

    assertThat(parse(Payloads.event("SCAN", "expo2026", 100L)).eventId()).isEqualTo(first);
    assertThat(parse(Payloads.event("SCAN", "expo2026", 101L)).eventId()).isNotEqualTo(first);
  }

  @Test
  void other_events_are_other() {
    assertThat(parse(Payloads.event("VIEW", "https://x", 1L)))
        .isEqualTo(
            new MpEvent.Other(
                "mp:" + Payloads.APP_ID + ":evt:" + Payloads.OPEN_ID + ":1:VIEW:https://x",
                Payloads.OPEN_ID,
                "event:VIEW"));
  }
}
