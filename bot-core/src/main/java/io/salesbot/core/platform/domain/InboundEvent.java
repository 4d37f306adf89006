package io.salesbot.core.platform.domain;

import io.salesbot.core.lead.domain.LeadSubmission;
import java.time.Instant;

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

  /** A person pressed a button on a card. */
  record CardAction(
      String eventId,
      Address user,
      String cardId,
      String action,
      String payload,
      Instant receivedAt)
      implements InboundEvent {}

  /** A person typed into the chat with the bot. */
  record TextMessage(String eventId, Address user, String text, Instant receivedAt)
      implements InboundEvent {}

  /** Anything we do not handle: logged and acknowledged, never a crash. */
  record Unsupported(String eventId, String platform, String type, Instant receivedAt)
      implements InboundEvent {}
}
