package io.salesbot.core.ops;

import io.salesbot.core.kernel.QueueBacklog;
import io.salesbot.core.platform.DeadLetters;
import io.salesbot.core.platform.OutboxBacklog;
import io.salesbot.core.platform.PlatformCircuits;
import io.salesbot.core.timer.Timers;
import java.util.Objects;

/**
 * Where the ops alerts read their figures.
 *
 * @param outbox messages waiting per platform, the oldest one's age, monthly quotas
 * @param queues the inbound lanes' unfinished work
 * @param deadLetters messages given up on
 * @param timers the durable timers, for how far the pollers lag
 * @param circuits the platforms whose circuit breaker is open on this instance
 */
public record OpsSignals(
    OutboxBacklog outbox,
    QueueBacklog queues,
    DeadLetters deadLetters,
    Timers timers,
    PlatformCircuits circuits) {
  public OpsSignals {
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(queues, "queues");
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(circuits, "circuits");
  }
}
