package io.salesbot.core.stage.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A rep's request to move a deal past a shut gate, and the manager's decision. */
public record SkipRequest(
    String id,
    String dealId,
    int from,
    int to,
    Address requestedBy,
    String reason,
    Instant requestedAt,
    State state,
    @Nullable Address decidedBy,
    @Nullable Instant decidedAt) {
  public enum State {
    PENDING,
    APPROVED,
    REJECTED
  }

  public SkipRequest {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a skip request needs a reason");
    }
  }

  public SkipRequest decided(boolean approve, Address by, Instant at) {
    return new SkipRequest(
        id,
        dealId,
        from,
        to,
        requestedBy,
        reason,
        requestedAt,
        approve ? State.APPROVED : State.REJECTED,
        by,
        at);
  }
}
