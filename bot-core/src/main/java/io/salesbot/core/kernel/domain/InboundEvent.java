package io.salesbot.core.kernel.domain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something that came in from outside, translated to neutral terms by an adapter and queued. {@code
 * eventId} is deterministic per platform event, so redeliveries can be recognised.
 */
public sealed interface InboundEvent {
  String eventId();

  Instant receivedAt();

  /** A lead from an intake source. Its event id is the intake id. */
  record LeadSubmitted(LeadSubmission submission, Instant receivedAt) implements InboundEvent {
    @Override
    public String eventId() {
      return submission.intakeId();
    }
  }

  /**
   * A person pressed a button on a card. {@code reference} is the platform's fresh handle on the
   * clicked card that came with the click (WeCom's single-use {@code response_code}), or null: it
   * travels with the event and is stored before the click is handled, so that acknowledging the
   * click never waits for the database.
   */
  record CardAction(
      String eventId,
      Address user,
      String cardId,
      String action,
      String payload,
      Instant receivedAt,
      @Nullable Reference reference)
      implements InboundEvent {

    /** A click that brings no handle on the card. */
    public CardAction(
        String eventId,
        Address user,
        String cardId,
        String action,
        String payload,
        Instant receivedAt) {
      this(eventId, user, cardId, action, payload, receivedAt, null);
    }

    /**
     * A platform's handle on a card held by the clicking person, usable until {@code expiresAt}.
     */
    public record Reference(String value, Instant expiresAt) {
      public Reference {
        if (value.isBlank()) {
          throw new IllegalArgumentException("a card reference must not be blank");
        }
      }
    }
  }

  /**
   * A person typed into the chat with the bot. {@code conversation} is the group chat it was typed
   * in ({@link Address#group}), or null in a 1:1 chat with the bot.
   */
  record TextMessage(
      String eventId, Address user, String text, Instant receivedAt, @Nullable Address conversation)
      implements InboundEvent {
    public TextMessage {
      if (conversation != null && !conversation.isGroup()) {
        throw new IllegalArgumentException("a conversation must be a group address");
      }
    }

    /** A message in a 1:1 chat with the bot. */
    public TextMessage(String eventId, Address user, String text, Instant receivedAt) {
      this(eventId, user, text, receivedAt, null);
    }

    /** Where an answer to this message belongs: the group it was typed in, else the person. */
    public Address replyTo() {
      return conversation != null ? conversation : user;
    }
  }

  /**
   * A person sent the bot a file, a photo, a voice message or a location. {@code media} is the
   * platform's handle on the content, fetched later by the inbound handler (WeCom's {@code
   * MediaId}, DingTalk's {@code downloadCode}, or {@code sha256:<hex>} for a file salesbot already
   * stored); it is null for a location. {@code location} is set when the platform gave one.
   */
  record MediaMessage(
      String eventId,
      Address user,
      Media kind,
      @Nullable String media,
      @Nullable String fileName,
      @Nullable String contentType,
      @Nullable Location location,
      Instant receivedAt,
      @Nullable Address conversation)
      implements InboundEvent {
    public MediaMessage {
      if (conversation != null && !conversation.isGroup()) {
        throw new IllegalArgumentException("a conversation must be a group address");
      }
      if (kind == Media.LOCATION ? location == null : media == null || media.isBlank()) {
        throw new IllegalArgumentException(
            kind == Media.LOCATION ? "a location message needs a location" : "media is required");
      }
    }

    /** What was sent. */
    public enum Media {
      FILE,
      PHOTO,
      VOICE,
      LOCATION
    }
  }

  /** A place on earth as the platform gave it (WGS-84 or GCJ-02, as the platform sends it). */
  record Location(double latitude, double longitude, @Nullable String label) {
    public Location {
      if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180)) {
        throw new IllegalArgumentException(
            "not a location: latitude " + latitude + ", longitude " + longitude);
      }
    }
  }

  /**
   * A person opened the bot's chat or app (WeCom {@code enter_agent}): greeted with a welcome card,
   * or told they are not registered.
   */
  record Entered(String eventId, Address user, Instant receivedAt) implements InboundEvent {}

  /** Anything we do not handle: logged and acknowledged, never a crash. */
  record Unsupported(String eventId, String platform, String type, Instant receivedAt)
      implements InboundEvent {}
}
