package io.salesbot.core.sla.domain;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.domain.ContactChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A lead's first-touch clock: started when {@code owner} got the lead, due at {@code dueAt},
 * stopped by Contacted; {@code breachedAt} is set once when it ran out.
 */
public record SlaClock(
    String leadId,
    Address owner,
    Instant startedAt,
    Instant dueAt,
    @Nullable Instant contactedAt,
    @Nullable ContactChannel channel,
    @Nullable Instant breachedAt) {
  public SlaClock {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(dueAt, "dueAt");
  }

  public static SlaClock start(String leadId, Address owner, Instant at, Duration sla) {
    return new SlaClock(leadId, owner, at, at.plus(sla), null, null, null);
  }

  public boolean running() {
    return contactedAt == null;
  }

  /** Time to first touch, when there was one. */
  public @Nullable Duration firstTouch() {
    return contactedAt == null ? null : Duration.between(startedAt, contactedAt);
  }

  public boolean breached() {
    return breachedAt != null || (contactedAt != null && contactedAt.isAfter(dueAt));
  }
}
