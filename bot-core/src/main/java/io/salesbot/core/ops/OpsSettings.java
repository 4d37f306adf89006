package io.salesbot.core.ops;

import io.salesbot.core.kernel.domain.Address;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the ops alerts watch and whom they tell ({@code salesbot.ops.*}). Lines on ages are in
 * seconds.
 *
 * @param target the ops chat: a group robot ({@code wecom-robot:<name>}) or any address
 * @param interval how often the conditions are checked; also the least time between two alerts of
 *     one condition
 * @param zone the time zone of the times on the alert cards
 * @param outboxWaiting messages waiting in one platform's outbox
 * @param outboxAgeSeconds how long the oldest message of one platform's outbox has waited, seconds
 * @param quotaPercent a platform's monthly quota used, in percent
 * @param deadLetters messages given up on (dead letters) present
 * @param queueBacklog events in one inbound lane (queued or being handled)
 * @param queueAgeSeconds how long the oldest event of one inbound lane has waited, seconds
 * @param timerLagSeconds how long ago the earliest due timer not yet done was due, seconds
 */
public record OpsSettings(
    Address target,
    Duration interval,
    ZoneId zone,
    Hysteresis outboxWaiting,
    Hysteresis outboxAgeSeconds,
    Hysteresis quotaPercent,
    Hysteresis deadLetters,
    Hysteresis queueBacklog,
    Hysteresis queueAgeSeconds,
    Hysteresis timerLagSeconds) {
  public OpsSettings {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(outboxWaiting, "outboxWaiting");
    Objects.requireNonNull(outboxAgeSeconds, "outboxAgeSeconds");
    Objects.requireNonNull(quotaPercent, "quotaPercent");
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(queueBacklog, "queueBacklog");
    Objects.requireNonNull(queueAgeSeconds, "queueAgeSeconds");
    Objects.requireNonNull(timerLagSeconds, "timerLagSeconds");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
  }

  /**
   * Every minute, times in Asia/Shanghai; outbox 100 up / below 20 clear, oldest 10 min / 2 min;
   * quota 90 % / 80 %; any dead letter; inbound lane 1000 / 100, oldest 2 min / 30 s; timers 2 min
   * / 30 s late.
   */
  public static OpsSettings defaults(Address target) {
    return new OpsSettings(
        target,
        Duration.ofMinutes(1),
        ZoneId.of("Asia/Shanghai"),
        new Hysteresis(100, 20),
        new Hysteresis(600, 120),
        new Hysteresis(90, 80),
        new Hysteresis(1, 1),
        new Hysteresis(1000, 100),
        new Hysteresis(120, 30),
        new Hysteresis(120, 30));
  }
}
