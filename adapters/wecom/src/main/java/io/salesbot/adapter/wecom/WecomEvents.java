package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Maps a decrypted WeCom callback to a neutral inbound event with a deterministic id, so that
 * WeCom's retries (same {@code MsgId}, or same {@code FromUserName} + {@code CreateTime} + event
 * key / {@code TaskId}) are recognised by the queue's dedupe.
 */
final class WecomEvents {
  static final String PLATFORM = "wecom";

  private WecomEvents() {}

  /** WeCom's response codes (of sends and clicks) are valid 72 h; stop using them an hour early. */
  static final Duration CODE_VALIDITY = Duration.ofHours(71);

  /**
   * The neutral event of a callback; a click carries its {@code ResponseCode} (a fresh, single-use
   * handle on the clicker's card) as the action's reference.
   */
  static InboundEvent map(Map<String, String> f, int agentId, Instant now) {
    String msgType = f.getOrDefault("MsgType", "");
    String from = f.getOrDefault("FromUserName", "");
    Optional<Address> user = address(from);
    if ("text".equals(msgType) && user.isPresent()) {
      String msgId = f.get("MsgId");
      String eventId =
          msgId != null && !msgId.isBlank() && msgId.length() <= 64
              ? "wecom-" + agentId + "-msg-" + msgId
              : eventId(agentId, f);
      return new InboundEvent.TextMessage(eventId, user.get(), f.getOrDefault("Content", ""), now);
    }
    String event = f.getOrDefault("Event", "");
    if ("event".equals(msgType) && "template_card_event".equals(event) && user.isPresent()) {
      String taskId = f.getOrDefault("TaskId", "");
      Optional<CardKeys.ButtonAction> action = CardKeys.decode(f.getOrDefault("EventKey", ""));
      if (action.isPresent() && !taskId.isBlank()) {
        String cardId = CardKeys.cardIdOf(taskId);
        String code = f.get("ResponseCode");
        return new InboundEvent.CardAction(
            eventId(agentId, f),
            user.get(),
            cardId,
            action.get().action(),
            action.get().payload(),
            now,
            code == null || code.isBlank()
                ? null
                : new InboundEvent.CardAction.Reference(code, now.plus(CODE_VALIDITY)));
      }
      return unsupported(agentId, f, "event:template_card_event:unknown-key", now);
    }
    if ("event".equals(msgType) && "enter_agent".equals(event) && user.isPresent()) {
      return new InboundEvent.Entered(eventId(agentId, f), user.get(), now);
    }
    String type = "event".equals(msgType) ? "event:" + event : "msg:" + msgType;
    return unsupported(agentId, f, type.length() > 64 ? type.substring(0, 64) : type, now);
  }

  private static InboundEvent unsupported(
      int agentId, Map<String, String> f, String type, Instant now) {
    return new InboundEvent.Unsupported(eventId(agentId, f), PLATFORM, type, now);
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

  /** {@code wecom-<agentId>-evt-<UUIDv3(from|CreateTime|MsgType|Event|EventKey|TaskId)>}. */
  private static String eventId(int agentId, Map<String, String> f) {
    String identity =
        String.join(
            "|",
            f.getOrDefault("FromUserName", ""),
            f.getOrDefault("CreateTime", ""),
            f.getOrDefault("MsgType", ""),
            f.getOrDefault("Event", ""),
            f.getOrDefault("EventKey", ""),
            f.getOrDefault("TaskId", ""),
            f.getOrDefault("MsgId", ""));
    return "wecom-"
        + agentId
        + "-evt-"
        + UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8));
  }
}
