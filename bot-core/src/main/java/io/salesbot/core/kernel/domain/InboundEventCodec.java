package io.salesbot.core.kernel.domain;

import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import io.salesbot.core.kernel.domain.InboundEvent.Unsupported;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Inbound events as flat string maps: the shape of a Redis stream entry, and storable as a JSON
 * object of strings. Absent optional values are left out. Lead attributes are stored under {@code
 * attr.<key>}. A map this codec cannot read decodes to {@link Unsupported}, never an exception.
 */
public final class InboundEventCodec {
  public static final String TYPE = "type";
  private static final String ATTR = "attr.";

  private InboundEventCodec() {}

  public static Map<String, String> encode(InboundEvent event) {
    Map<String, String> m = new LinkedHashMap<>();
    BiConsumer<String, @Nullable String> put =
        (k, v) -> {
          if (v != null) {
            m.put(k, v);
          }
        };
    put.accept("eventId", event.eventId());
    put.accept("receivedAt", event.receivedAt().toString());
    if (event instanceof LeadSubmitted e) {
      LeadSubmission s = e.submission();
      put.accept(TYPE, "lead");
      put.accept("intakeId", s.intakeId());
      put.accept("sourceId", s.sourceId());
      put.accept("name", s.name());
      put.accept("phone", s.phone());
      put.accept("company", s.company());
      put.accept("region", s.region());
      put.accept("industry", s.industry());
      put.accept("product", s.product());
      put.accept("message", s.message());
      put.accept("externalId", s.externalId());
      put.accept("openId", s.openId());
      put.accept("priority", s.priority().name());
      s.attributes().forEach((k, v) -> m.put(ATTR + k, v));
    } else if (event instanceof CardAction e) {
      put.accept(TYPE, "card-action");
      put.accept("user", e.user().toString());
      put.accept("cardId", e.cardId());
      put.accept("action", e.action());
      put.accept("payload", e.payload());
      if (e.reference() != null) {
        put.accept("reference", e.reference().value());
        put.accept("referenceExpiresAt", e.reference().expiresAt().toString());
      }
    } else if (event instanceof TextMessage e) {
      put.accept(TYPE, "text");
      put.accept("user", e.user().toString());
      put.accept("text", e.text());
      put.accept("conversation", e.conversation() == null ? null : e.conversation().toString());
    } else if (event instanceof InboundEvent.MediaMessage e) {
      put.accept(TYPE, "media");
      put.accept("user", e.user().toString());
      put.accept("kind", e.kind().name());
      put.accept("media", e.media());
      put.accept("fileName", e.fileName());
      put.accept("contentType", e.contentType());
      if (e.location() != null) {
        put.accept("latitude", Double.toString(e.location().latitude()));
        put.accept("longitude", Double.toString(e.location().longitude()));
        put.accept("place", e.location().label());
      }
      put.accept("conversation", e.conversation() == null ? null : e.conversation().toString());
    } else if (event instanceof InboundEvent.Entered e) {
      put.accept(TYPE, "entered");
      put.accept("user", e.user().toString());
    } else if (event instanceof Unsupported e) {
      put.accept(TYPE, "unsupported");
      put.accept("platform", e.platform());
      put.accept("unsupportedType", e.type());
    }
    return m;
  }

  public static InboundEvent decode(Map<String, String> m) {
    String eventId = m.getOrDefault("eventId", "unknown");
    Instant receivedAt;
    try {
      receivedAt = Instant.parse(m.getOrDefault("receivedAt", ""));
    } catch (RuntimeException e) {
      receivedAt = Instant.EPOCH;
    }
    String type = m.getOrDefault(TYPE, "");
    try {
      return switch (type) {
        case "lead" -> {
          Map<String, String> attributes = new LinkedHashMap<>();
          m.forEach(
              (k, v) -> {
                if (k.startsWith(ATTR)) {
                  attributes.put(k.substring(ATTR.length()), v);
                }
              });
          yield new LeadSubmitted(
              new LeadSubmission(
                  required(m, "intakeId"),
                  required(m, "sourceId"),
                  m.get("name"),
                  m.get("phone"),
                  m.get("company"),
                  m.get("region"),
                  m.get("industry"),
                  m.get("product"),
                  m.get("message"),
                  m.get("externalId"),
                  m.get("openId"),
                  attributes,
                  Priority.valueOf(required(m, "priority"))),
              receivedAt);
        }
        case "card-action" ->
            new CardAction(
                eventId,
                Address.parse(required(m, "user")),
                required(m, "cardId"),
                required(m, "action"),
                m.getOrDefault("payload", ""),
                receivedAt,
                reference(m));
        case "text" ->
            new TextMessage(
                eventId,
                Address.parse(required(m, "user")),
                required(m, "text"),
                receivedAt,
                m.containsKey("conversation") ? Address.parse(m.get("conversation")) : null);
        case "media" ->
            new InboundEvent.MediaMessage(
                eventId,
                Address.parse(required(m, "user")),
                InboundEvent.MediaMessage.Media.valueOf(required(m, "kind")),
                m.get("media"),
                m.get("fileName"),
                m.get("contentType"),
                m.containsKey("latitude")
                    ? new InboundEvent.Location(
                        Double.parseDouble(m.get("latitude")),
                        Double.parseDouble(required(m, "longitude")),
                        m.get("place"))
                    : null,
                receivedAt,
                m.containsKey("conversation") ? Address.parse(m.get("conversation")) : null);
        case "entered" ->
            new InboundEvent.Entered(eventId, Address.parse(required(m, "user")), receivedAt);
        case "unsupported" ->
            new Unsupported(
                eventId,
                m.getOrDefault("platform", "unknown"),
                m.getOrDefault("unsupportedType", "unknown"),
                receivedAt);
        default -> new Unsupported(eventId, "unknown", "type=" + type, receivedAt);
      };
    } catch (IllegalArgumentException e) {
      return new Unsupported(
          eventId, "unknown", "malformed " + type + ": " + e.getMessage(), receivedAt);
    }
  }

  private static String required(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing " + key);
    }
    return v;
  }

  /** A click's card reference; one that cannot be read is dropped (the card is then sent anew). */
  private static CardAction.@Nullable Reference reference(Map<String, String> m) {
    String value = m.get("reference");
    String expires = m.get("referenceExpiresAt");
    if (value == null || value.isBlank() || expires == null) {
      return null;
    }
    try {
      return new CardAction.Reference(value, Instant.parse(expires));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
