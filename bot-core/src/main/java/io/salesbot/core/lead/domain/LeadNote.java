package io.salesbot.core.lead.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.util.Objects;

/**
 * A note on a lead (沟通记录): what a rep or manager wrote about a conversation with the customer. Kept
 * once per (lead, event), so a redelivered message adds nothing twice.
 */
public record LeadNote(String leadId, Address author, String text, String eventId, Instant at) {
  /** The longest note kept; longer text is refused with a message, never cut silently. */
  public static final int MAX_LENGTH = 1000;

  public LeadNote {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(at, "at");
    text = text.strip();
    if (text.isEmpty() || text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a note has 1 to " + MAX_LENGTH + " characters");
    }
  }

  /** Whether {@code text} can be a note. */
  public static boolean fits(String text) {
    String t = text.strip();
    return !t.isEmpty() && t.length() <= MAX_LENGTH;
  }
}
