package io.salesbot.core.timer.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Something to do at {@code dueAt}. {@code id} is deterministic (e.g. {@code
 * sla-breach-<lead>-<due>}), so scheduling it twice stores it once; {@code kind} picks the handler;
 * {@code data} is the handler's own small payload.
 */
public record Timer(String id, String kind, String leadId, Instant dueAt, String data) {
  public Timer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(data, "data");
  }
}
