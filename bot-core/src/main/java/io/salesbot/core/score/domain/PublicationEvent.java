package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;

/**
 * The audit of a month's publication: who published, held or rolled back which version, and why.
 *
 * @param request the id of the request (the chat message's event id), by which a request
 *     redelivered after a timeout is recognised
 * @param version the version published or rolled back to; for a hold, the version in force then (0
 *     when none)
 */
public record PublicationEvent(
    YearMonth period,
    Action action,
    int version,
    Address by,
    String reason,
    Instant at,
    String request) {
  public PublicationEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(reason, "reason");
  }

  /** What was done. */
  public enum Action {
    PUBLISH,
    HOLD,
    ROLLBACK
  }
}
