package io.salesbot.core.ops;

import io.salesbot.core.kernel.domain.Address;
import java.time.Duration;
import java.util.Objects;

/**
 * What the ops alerts watch and whom they tell ({@code salesbot.ops.*}).
 *
 * @param target the ops chat: a group robot ({@code wecom-robot:<name>}) or any address
 * @param interval how often the conditions are checked; also the least time between two alerts of
 *     one condition
 * @param outboxWaiting messages waiting in one platform's outbox
 * @param quotaPercent a platform's monthly quota used, in percent
 * @param deadLetters messages given up on (dead letters) present
 */
public record OpsSettings(
    Address target,
    Duration interval,
    Hysteresis outboxWaiting,
    Hysteresis quotaPercent,
    Hysteresis deadLetters) {
  public OpsSettings {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(outboxWaiting, "outboxWaiting");
    Objects.requireNonNull(quotaPercent, "quotaPercent");
    Objects.requireNonNull(deadLetters, "deadLetters");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
  }

  /** Every minute; outbox 100 up / below 20 clear; quota 90 % / 80 %; any dead letter. */
  public static OpsSettings defaults(Address target) {
    return new OpsSettings(
        target,
        Duration.ofMinutes(1),
        new Hysteresis(100, 20),
        new Hysteresis(90, 80),
        new Hysteresis(1, 1));
  }
}
