package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps DingTalk's payloads (robot messages, card callbacks, subscribed events; the same JSON in
 * Stream and HTTP mode) to neutral inbound events with deterministic ids, so that redeliveries and
 * retried callbacks are recognised by the queue's dedupe: a robot message by its {@code msgId}, a
 * card click by {@code outTrackId} + {@code userId} + the button key, an event by its {@code
 * eventId} or, lacking one, its content. A text typed in a group chat carries the group ({@link
 * #group}), so that replies and {@code /bind-team} know where they belong.
 */
final class DingtalkEvents {
  static final String PLATFORM = "dingtalk";

  static final JsonMapper JSON = JsonMapper.builder().build();

  private DingtalkEvents() {}

  /** A robot message (topic {@code /v1.0/im/bot/messages/get}, or the robot HTTP callback). */
  static InboundEvent botMessage(JsonNode m, Instant now) {
    String msgId = text(m, "msgId");
    String eventId =
        !msgId.isBlank() && msgId.length() <= 100
            ? "dingtalk-msg-" + msgId
            : "dingtalk-msg-" + uuid(m.toString());
    Optional<Address> user = address(text(m, "senderStaffId"));
    String type = text(m, "msgtype");
    if ("text".equals(type) && user.isPresent()) {
      String content = text(m.path("text"), "content").strip();
      return new InboundEvent.TextMessage(eventId, user.get(), content, now, group(m));
    }
    InboundEvent media =
        user.isPresent() ? DingtalkMedia.message(m, eventId, user.get(), type, now) : null;
    if (media != null) {
      return media;
    }
    String kind = user.isEmpty() ? "msg:external-sender" : "msg:" + type;
    return new InboundEvent.Unsupported(eventId, PLATFORM, cut(kind), now);
  }

  /**
   * A card callback (topic {@code /v1.0/card/instances/callback}): {@code {outTrackId, userId,
   * content: "{\"cardPrivateData\":{\"actionIds\":[…],\"params\":{\"key\":…}}}"}}; {@code content}
   * is JSON in a string (or, from some senders, an object).
   */
  static InboundEvent cardCallback(JsonNode c, Instant now) {
    String outTrackId = text(c, "outTrackId");
    String userId = text(c, "userId");
    JsonNode content = c.path("content");
    if (content.isString()) {
      content = parse(content.asString());
    }
    JsonNode data = content.path("cardPrivateData");
    String key = text(data.path("params"), "key");
    String actionId =
        data.path("actionIds").isArray() && !data.path("actionIds").isEmpty()
            ? data.path("actionIds").get(0).asString()
            : "";
    String eventId = "dingtalk-card-" + uuid(String.join("|", outTrackId, userId, actionId, key));
    Optional<Address> user = address(userId);
    Optional<CardKeys.ButtonAction> action = CardKeys.decode(key);
    if (user.isPresent() && action.isPresent() && !outTrackId.isBlank()) {
      return new InboundEvent.CardAction(
          eventId,
          user.get(),
          action.get().cardId(),
          action.get().action(),
          action.get().payload(),
          now);
    }
    return new InboundEvent.Unsupported(eventId, PLATFORM, "card:unknown-key", now);
  }

  /** A subscribed event from {@code /callbacks/dingtalk}, decrypted: acknowledged, not handled. */
  static InboundEvent subscribedEvent(JsonNode e, String plain, Instant now) {
    String type = text(e, "EventType");
    String id = text(e, "eventId");
    String eventId =
        !id.isBlank() && id.length() <= 100 ? "dingtalk-evt-" + id : "dingtalk-evt-" + uuid(plain);
    return new InboundEvent.Unsupported(
        eventId, PLATFORM, cut("event:" + (type.isBlank() ? "unknown" : type)), now);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || !value.isValueNode() ? "" : value.asString();
  }

  /**
   * The group a robot message was typed in ({@code conversationType} 2: its {@code conversationId}
   * is the group's {@code openConversationId}), or null for a 1:1 chat.
   */
  static @org.jspecify.annotations.Nullable Address group(JsonNode m) {
    String conversation = text(m, "conversationId");
    if (!"2".equals(text(m, "conversationType")) || conversation.isBlank()) {
      return null;
    }
    try {
      return Address.group(PLATFORM, conversation);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Optional<Address> address(String userId) {
    if (userId.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Address(PLATFORM, userId));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String uuid(String identity) {
    return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String cut(String type) {
    return type.length() > 64 ? type.substring(0, 64) : type;
  }
}
