package io.salesbot.core.platform;

import io.salesbot.core.platform.domain.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A chat platform could reach some recipients of a command but not yet the others, because their
 * send budget is spent (see {@link SendBudgets}). {@code delivered} are the deliveries that did
 * happen; the command should be tried again after {@code retryAfter}, when only the recipients
 * without a delivery are sent to. Not an error: the message waits in the outbox.
 */
public final class SendLaterException extends RuntimeException {
  private final List<Delivery> delivered;
  private final Duration retryAfter;

  public SendLaterException(String reason, List<Delivery> delivered, Duration retryAfter) {
    super(reason, null, false, false);
    this.delivered = List.copyOf(delivered);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  public List<Delivery> delivered() {
    return delivered;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
