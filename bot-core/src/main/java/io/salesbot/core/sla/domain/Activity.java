package io.salesbot.core.sla.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.util.Objects;

/** The last activity of {@code owner} on an owned lead: claim, assignment or Contacted. */
public record Activity(String leadId, Address owner, Instant lastAt) {
  public Activity {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lastAt, "lastAt");
  }
}
