package io.salesbot.adapter.wechatmp;

import java.util.Locale;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.jspecify.annotations.Nullable;

/**
 * An official-account callback message in the terms salesbot cares about. {@code eventId} is
 * deterministic: the MsgId when there is one, else FromUserName + CreateTime + Event + EventKey, so
 * WeChat's retries of one event share it.
 */
sealed interface MpEvent {
  String eventId();

  String openId();

  /** A QR scene scan: {@code subscribe} with {@code qrscene_<scene>}, or {@code SCAN}. */
  record SceneScan(String eventId, String openId, String scene, boolean newFollower)
      implements MpEvent {}

  /** A follow without a scene. */
  record Followed(String eventId, String openId) implements MpEvent {}

  /** A text the user typed. */
  record Text(String eventId, String openId, String toUser, String content) implements MpEvent {}

  /** Anything else: acknowledged and ignored. */
  record Other(String eventId, String openId, String type) implements MpEvent {}

  String SCENE_PREFIX = "qrscene_";

  static MpEvent of(String appId, WxMpXmlMessage m) {
    String from = m.getFromUser() == null ? "" : m.getFromUser();
    String eventId = eventId(appId, m);
    String type = m.getMsgType() == null ? "" : m.getMsgType().toLowerCase(Locale.ROOT);
    if ("text".equals(type)) {
      return new Text(
          eventId,
          from,
          m.getToUser() == null ? "" : m.getToUser(),
          m.getContent() == null ? "" : m.getContent());
    }
    if (!"event".equals(type)) {
      return new Other(eventId, from, type);
    }
    String event = m.getEvent() == null ? "" : m.getEvent();
    String key = m.getEventKey() == null ? "" : m.getEventKey().strip();
    if ("subscribe".equalsIgnoreCase(event)) {
      if (key.startsWith(SCENE_PREFIX) && key.length() > SCENE_PREFIX.length()) {
        return new SceneScan(eventId, from, key.substring(SCENE_PREFIX.length()), true);
      }
      return new Followed(eventId, from);
    }
    if ("SCAN".equalsIgnoreCase(event) && !key.isEmpty()) {
      return new SceneScan(eventId, from, key, false);
    }
    return new Other(eventId, from, "event:" + event);
  }

  static String eventId(String appId, WxMpXmlMessage m) {
    Long msgId = m.getMsgId();
    if (msgId != null && msgId != 0L) {
      return "mp:" + appId + ":msg:" + msgId;
    }
    return "mp:"
        + appId
        + ":evt:"
        + nz(m.getFromUser())
        + ":"
        + (m.getCreateTime() == null ? "" : m.getCreateTime())
        + ":"
        + nz(m.getEvent())
        + ":"
        + nz(m.getEventKey());
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }
}
