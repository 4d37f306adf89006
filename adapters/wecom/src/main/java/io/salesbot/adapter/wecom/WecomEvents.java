package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
    if (user.isPresent() && MEDIA.containsKey(msgType)) {
      InboundEvent media = media(f, agentId, user.get(), msgType, now);
      if (media != null) {
        return media;
      }
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

  /** Messages that may be evidence: a photo, a file, a voice note, a location. */
  private static final Map<String, InboundEvent.MediaMessage.Media> MEDIA =
      Map.of(
          "image", InboundEvent.MediaMessage.Media.PHOTO,
          "file", InboundEvent.MediaMessage.Media.FILE,
          "voice", InboundEvent.MediaMessage.Media.VOICE,
          "location", InboundEvent.MediaMessage.Media.LOCATION);

  /**
   * {@code image}/{@code file}/{@code voice} with a {@code MediaId} (downloaded later, within its 3
   * days), or {@code location} with {@code Location_X} (latitude), {@code Location_Y} (longitude)
   * and {@code Label}; null when the fields are missing or malformed.
   */
  private static InboundEvent.@Nullable MediaMessage media(
      Map<String, String> f, int agentId, Address user, String msgType, Instant now) {
    String msgId = f.get("MsgId");
    String eventId =
        msgId != null && !msgId.isBlank() && msgId.length() <= 64
            ? "wecom-" + agentId + "-msg-" + msgId
            : eventId(agentId, f);
    InboundEvent.MediaMessage.Media kind = MEDIA.get(msgType);
    try {
      if (kind == InboundEvent.MediaMessage.Media.LOCATION) {
        String label = f.get("Label");
        return new InboundEvent.MediaMessage(
            eventId,
            user,
            kind,
            null,
            null,
            null,
            new InboundEvent.Location(
                Double.parseDouble(f.getOrDefault("Location_X", "")),
                Double.parseDouble(f.getOrDefault("Location_Y", "")),
                label == null || label.isBlank() ? null : label.strip()),
            now,
            null);
      }
      String mediaId = f.getOrDefault("MediaId", "").strip();
      if (mediaId.isEmpty() || mediaId.length() > 256) {
        return null;
      }
      String format = f.get("Format");
      String name = f.get("FileName");
      if (name == null && kind == InboundEvent.MediaMessage.Media.VOICE && format != null) {
        name = "voice." + format.strip().toLowerCase(java.util.Locale.ROOT);
      }
      return new InboundEvent.MediaMessage(
          eventId, user, kind, mediaId, name, null, null, now, null);
    } catch (IllegalArgumentException e) {
      return null;
    }
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
