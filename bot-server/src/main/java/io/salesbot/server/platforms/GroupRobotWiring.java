package io.salesbot.server.platforms;

import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.wecom.GroupRobotSettings;
import io.salesbot.adapter.wecom.WecomGroupRobots;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.server.config.InvalidConfigurationException;
import io.salesbot.server.config.SalesbotProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * WeCom group robots, when any is configured ({@code salesbot.wecom.group-robots.<name>.key}): the
 * {@link WecomGroupRobots} platform, id {@code wecom-robot}, budgeted in Redis with every other
 * send. Which team announces to which robot ({@code salesbot.teams.<id>.announce-robot}) is read by
 * {@link #announcers}, checked whether or not robots are configured.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(GroupRobotWiring.AnyRobot.class)
public class GroupRobotWiring {
  private static final Logger LOG = LoggerFactory.getLogger(GroupRobotWiring.class);

  @Bean
  WecomGroupRobots wecomGroupRobots(WecomProperties wecom, RedisAdapter redis) {
    GroupRobotSettings settings = wecom.robotSettings();
    LOG.info(
        "WeCom group robots {}: at most 20 messages a minute each (wecom-robot:<name>)",
        settings.keys().keySet());
    return new WecomGroupRobots(settings, redis.sendBudgets());
  }

  /**
   * Each team's announcer: {@code wecom-robot:<name>} for the teams with an announce-robot.
   *
   * @throws InvalidConfigurationException naming {@code salesbot.teams.<id>.announce-robot} when it
   *     names no configured robot, and any malformed robot property
   */
  public static Map<String, Address> announcers(
      SalesbotProperties salesbot, WecomProperties wecom) {
    Map<String, Address> announcers = new LinkedHashMap<>();
    GroupRobotSettings robots = null;
    for (Map.Entry<String, SalesbotProperties.Team> e : salesbot.teams().entrySet()) {
      String robot = e.getValue().announceRobot();
      if (robot == null) {
        continue;
      }
      if (robots == null) {
        robots = wecom.robotSettings();
      }
      if (!robots.keys().containsKey(robot)) {
        throw new InvalidConfigurationException(
            "salesbot.teams." + e.getKey() + ".announce-robot",
            "names no group robot: '"
                + robot
                + "' is not under salesbot.wecom.group-robots"
                + (robots.keys().isEmpty()
                    ? " (none is configured)"
                    : " (configured: " + robots.keys().keySet() + ")"));
      }
      announcers.put(e.getKey(), WecomGroupRobots.address(robot));
    }
    return announcers;
  }

  /** True when {@code salesbot.wecom.group-robots} has an entry. */
  static final class AnyRobot implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Binder.get(context.getEnvironment())
          .bind("salesbot.wecom.group-robots", Bindable.mapOf(String.class, Object.class))
          .map(m -> !m.isEmpty())
          .orElse(false);
    }
  }
}
