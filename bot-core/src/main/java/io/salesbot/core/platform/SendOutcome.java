package io.salesbot.core.platform;

import io.salesbot.core.platform.domain.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a send did: a value, not an exception. Either every recipient was reached ({@link
 * Delivered}), or some were and the others must wait ({@link Later}): the command stays in the
 * outbox and, when it comes back, only the recipients without a delivery are sent to. A send that
 * failed is an error ({@link ChatDeliveryException}), not an outcome.
 */
public sealed interface SendOutcome {
  /** The deliveries that did happen, one per recipient reached. */
  List<Delivery> delivered();

  /** Every recipient was reached (or refused by the platform as invalid). */
  record Delivered(List<Delivery> delivered) implements SendOutcome {
    public Delivered {
      delivered = List.copyOf(delivered);
    }
  }

  /**
   * Some recipients could not be sent to yet: try again after {@code retryAfter}, for {@code why};
   * {@code detail} says more, for the log.
   */
  record Later(List<Delivery> delivered, Wait why, String detail, Duration retryAfter)
      implements SendOutcome {
    public Later {
      delivered = List.copyOf(delivered);
      Objects.requireNonNull(why, "why");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /** Why recipients wait. */
  enum Wait {
    /** Their send budget ({@link SendBudgets}) is spent until {@code retryAfter}. */
    SEND_BUDGET,
    /** The platform API's own rate (calls a second) stayed taken through the retries. */
    API_BUSY,
    /**
     * The platform's monthly call quota is used up ({@link MonthlyQuota}): the command waits until
     * the quota is checked again (hourly: an administrator may buy more) or the month ends.
     */
    MONTHLY_QUOTA
  }
}
