package io.salesbot.server.ops;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.ops.Hysteresis;
import io.salesbot.core.ops.OpsSettings;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ops alerts (异常报警), {@code salesbot.ops.*}: off until a target is set.
 *
 * @param target Where alerts go: a group robot, wecom-robot:<name> (configured under
 *     salesbot.wecom.group-robots), or any address such as dingtalk:group:<conversationId>.
 * @param interval How often the conditions are checked; a condition is told at most once per two
 *     intervals. Default 1 min.
 * @param outboxWaitingRaise Alert when this many messages wait in one platform's outbox. Default
 *     100.
 * @param outboxWaitingClear Resolved when fewer than this many wait. Default 20.
 * @param quotaRaisePercent Alert when a platform's monthly quota is this full, in percent. Default
 *     90.
 * @param quotaClearPercent Resolved below this percentage (a new month starts at 0). Default 80.
 */
@ConfigurationProperties("salesbot.ops")
public record OpsProperties(
    @Nullable String target,
    @DefaultValue("1m") Duration interval,
    @DefaultValue("100") long outboxWaitingRaise,
    @DefaultValue("20") long outboxWaitingClear,
    @DefaultValue("90") long quotaRaisePercent,
    @DefaultValue("80") long quotaClearPercent) {

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
    Hysteresis outbox = lines("outbox-waiting", outboxWaitingRaise, outboxWaitingClear);
    Hysteresis quota = lines("quota", quotaRaisePercent, quotaClearPercent);
    if (quotaRaisePercent > 100) {
      throw new InvalidConfigurationException(
          "salesbot.ops.quota-raise-percent", "must be 100 at most, got " + quotaRaisePercent);
    }
    return new OpsSettings(to, interval, outbox, quota, new Hysteresis(1, 1));
  }

  private static Hysteresis lines(String name, long raise, long clear) {
    try {
      return new Hysteresis(raise, clear);
    } catch (IllegalArgumentException e) {
      String property =
          name.equals("quota")
              ? "salesbot.ops.quota-clear-percent"
              : "salesbot.ops." + name + "-clear";
      throw new InvalidConfigurationException(property, e.getMessage());
    }
  }
}
