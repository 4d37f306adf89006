package io.salesbot.server.ops;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.ops.Hysteresis;
import io.salesbot.core.ops.OpsSettings;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ops alerts (异常报警), {@code salesbot.ops.*}: off until a target is set. Each condition is raised at
 * its {@code -raise} line and resolved only below its {@code -clear} line.
 *
 * @param target Where alert cards go: a group robot, wecom-robot:<name> (configured under
 *     salesbot.wecom.group-robots), or any address such as dingtalk:group:<conversationId>.
 * @param interval How often the conditions are checked; a condition is told at most once per two
 *     intervals. Default 1 min.
 * @param zone Time zone of the times on the alert cards. Default Asia/Shanghai.
 * @param outboxWaitingRaise Alert when this many messages wait in one platform's outbox. Default
 *     100.
 * @param outboxWaitingClear Resolved when fewer than this many wait. Default 20.
 * @param outboxAgeRaise Alert when the oldest message of one platform's outbox has waited this
 *     long. Default 10 min.
 * @param outboxAgeClear Resolved when the oldest has waited less than this. Default 2 min.
 * @param quotaRaisePercent Alert when a platform's monthly quota is this full, in percent. Default
 *     90.
 * @param quotaClearPercent Resolved below this percentage (a new month starts at 0). Default 80.
 * @param queueBacklogRaise Alert when an inbound lane holds this many events (queued or being
 *     handled). Default 1000.
 * @param queueBacklogClear Resolved when it holds fewer than this many. Default 100.
 * @param queueAgeRaise Alert when an inbound lane's oldest event has waited this long. Default 2
 *     min.
 * @param queueAgeClear Resolved when the oldest has waited less than this. Default 30 s.
 * @param timerLagRaise Alert when the earliest due timer not yet done was due this long ago.
 *     Default 2 min.
 * @param timerLagClear Resolved when the timers lag less than this. Default 30 s.
 */
@ConfigurationProperties("salesbot.ops")
public record OpsProperties(
    @Nullable String target,
    @DefaultValue("1m") Duration interval,
    @DefaultValue("Asia/Shanghai") String zone,
    @DefaultValue("100") long outboxWaitingRaise,
    @DefaultValue("20") long outboxWaitingClear,
    @DefaultValue("10m") Duration outboxAgeRaise,
    @DefaultValue("2m") Duration outboxAgeClear,
    @DefaultValue("90") long quotaRaisePercent,
    @DefaultValue("80") long quotaClearPercent,
    @DefaultValue("1000") long queueBacklogRaise,
    @DefaultValue("100") long queueBacklogClear,
    @DefaultValue("2m") Duration queueAgeRaise,
    @DefaultValue("30s") Duration queueAgeClear,
    @DefaultValue("2m") Duration timerLagRaise,
    @DefaultValue("30s") Duration timerLagClear) {

  /**
   * The core's settings.
   *
   * @param robots the configured group robots' names, for a {@code wecom-robot:} target
   * @throws InvalidConfigurationException naming the first wrong property
   */
  public OpsSettings toSettings(Set<String> robots) {
    Address to;
    try {
      to = Address.parse(target);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("salesbot.ops.target", e.getMessage());
    }
    if (to.platform().equals("wecom-robot") && !robots.contains(to.userId())) {
      throw new InvalidConfigurationException(
          "salesbot.ops.target",
          "names no group robot: '"
              + to.userId()
              + "' is not under salesbot.wecom.group-robots (configured: "
              + robots
              + ")");
    }
    if (interval.isNegative() || interval.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new InvalidConfigurationException(
          "salesbot.ops.interval", "must be at least 10s, got " + interval);
    }
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidConfigurationException(
          "salesbot.ops.zone", "is no time zone: '" + zone + "' (e.g. Asia/Shanghai)");
    }
    if (quotaRaisePercent > 100) {
      throw new InvalidConfigurationException(
          "salesbot.ops.quota-raise-percent", "must be 100 at most, got " + quotaRaisePercent);
    }
    return new OpsSettings(
        to,
        interval,
        zoneId,
        lines(
            "outbox-waiting-raise", "outbox-waiting-clear", outboxWaitingRaise, outboxWaitingClear),
        seconds("outbox-age", outboxAgeRaise, outboxAgeClear),
        lines("quota-raise-percent", "quota-clear-percent", quotaRaisePercent, quotaClearPercent),
        new Hysteresis(1, 1),
        lines("queue-backlog-raise", "queue-backlog-clear", queueBacklogRaise, queueBacklogClear),
        seconds("queue-age", queueAgeRaise, queueAgeClear),
        seconds("timer-lag", timerLagRaise, timerLagClear));
  }

  private static Hysteresis seconds(String name, Duration raise, Duration clear) {
    if (clear.isNegative() || clear.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidConfigurationException(
          "salesbot.ops." + name + "-clear", "must be at least 1s, got " + clear);
    }
    return lines(name + "-raise", name + "-clear", raise.toSeconds(), clear.toSeconds());
  }

  private static Hysteresis lines(String raiseName, String clearName, long raise, long clear) {
    if (raise < 1) {
      throw new InvalidConfigurationException(
          "salesbot.ops." + raiseName, "must be at least 1, got " + raise);
    }
    try {
      return new Hysteresis(raise, clear);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("salesbot.ops." + clearName, e.getMessage());
    }
  }
}
