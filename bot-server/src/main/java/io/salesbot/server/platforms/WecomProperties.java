package io.salesbot.server.platforms;

import io.salesbot.adapter.wecom.WecomSettings;
import io.salesbot.server.config.Immutable;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code salesbot.wecom.*}, documented here once (the {@code @param} lines are the
 * IDE hints). Checked by {@link #toSettings()} only when WeCom is enabled, so that a disabled WeCom
 * never stops start-up.
 *
 * @param enabled Turns the WeCom (企业微信) adapter on: callbacks at /callbacks/wecom/{agentId}, cards
 *     out.
 * @param corpId The corp id (企业ID), from the admin console's 我的企业 page, e.g. ww0123456789abcdef.
 * @param apiBaseUrl WeCom's API; change only to point at a stand-in in tests.
 * @param cardUrl Where a card without buttons leads when tapped (WeCom requires a link there).
 * @param apps Self-built apps (自建应用) by AgentId; the first one sends all messages.
 * @param dailySends Person-sends the sending app may make per day: the corp's licensed seats × 200
 *     (WeCom drops anything above it silently). One message to ten people counts ten. Over it,
 *     messages wait in the outbox (salesbot_outbox_waiting). Default 2000 (10 seats).
 * @param callTimeout Longest wait for one WeCom API call; a slower call counts as failed (retried,
 *     and towards opening the circuit). Default 5 s.
 * @param circuitOpenFor How long sends stop after too many failed calls before a few probe WeCom
 *     again; meanwhile messages wait in the outbox. Default 30 s.
 * @param groupRobots Group robots (群机器人) by a name of your choice (lower-case letters, digits, '-'
 *     or '_'), each with the webhook key of its group; messages to a robot go to that group as
 *     markdown, at most 20 a minute. Independent of enabled: robots need no app.
 */
@ConfigurationProperties("salesbot.wecom")
public record WecomProperties(
    boolean enabled,
    @Nullable String corpId,
    @DefaultValue(WecomSettings.DEFAULT_API_BASE_URL) String apiBaseUrl,
    @DefaultValue(WecomSettings.DEFAULT_CARD_URL) String cardUrl,
    @DefaultValue Map<String, App> apps,
    @DefaultValue("" + WecomSettings.Sending.DEFAULT_DAILY_SENDS) long dailySends,
    @DefaultValue("5s") Duration callTimeout,
    @DefaultValue("30s") Duration circuitOpenFor,
    @DefaultValue Map<String, GroupRobot> groupRobots) {

  public WecomProperties {
    apps = Immutable.map(apps);
    groupRobots = Immutable.map(groupRobots);
  }

  /**
   * One group robot.
   *
   * @param key The robot's webhook key: the part after key= in the webhook address the group's
   *     robot settings show (a secret: whoever has it can post to the group).
   */
  public record GroupRobot(@Nullable String key) {
    @Override
    public String toString() {
      return "GroupRobot[key=****]";
    }
  }

  /**
   * The group robots' settings.
   *
   * @throws InvalidConfigurationException naming the first missing or malformed robot property
   */
  public io.salesbot.adapter.wecom.GroupRobotSettings robotSettings() {
    Map<String, String> keys = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, GroupRobot> e : groupRobots.entrySet()) {
      String property = "salesbot.wecom.group-robots." + e.getKey() + ".key";
      String key = e.getValue() == null || e.getValue().key() == null ? "" : e.getValue().key();
      try {
        io.salesbot.adapter.wecom.GroupRobotSettings.of(Map.of(e.getKey(), key));
      } catch (IllegalArgumentException bad) {
        throw new InvalidConfigurationException(property, bad.getMessage());
      }
      keys.put(e.getKey(), key);
    }
    try {
      return io.salesbot.adapter.wecom.GroupRobotSettings.of(keys).withApiBaseUrl(apiBaseUrl);
    } catch (IllegalArgumentException bad) {
      throw new InvalidConfigurationException("salesbot.wecom.group-robots", bad.getMessage());
    }
  }

  /**
   * One self-built app.
   *
   * @param secret The app's Secret, for access tokens.
   * @param token The callback Token set on the app's 接收消息 page.
   * @param aesKey The callback EncodingAESKey set on the app's 接收消息 page: 43 characters.
   */
  public record App(@Nullable String secret, @Nullable String token, @Nullable String aesKey) {}

  /**
   * The adapter's settings.
   *
   * @throws InvalidConfigurationException naming the first missing or malformed property
   */
  public WecomSettings toSettings() {
    String corp = required("salesbot.wecom.corp-id", corpId);
    if (!corp.matches("[A-Za-z0-9]{1,64}")) {
      throw new InvalidConfigurationException(
          "salesbot.wecom.corp-id",
          "must be the corp id (letters and digits), e.g. ww0123456789abcdef");
    }
    if (apiBaseUrl == null || !apiBaseUrl.matches("https?://\\S+")) {
      throw new InvalidConfigurationException(
          "salesbot.wecom.api-base-url",
          "must be an http(s) URL such as " + WecomSettings.DEFAULT_API_BASE_URL);
    }
    if (cardUrl == null || !cardUrl.matches("https?://\\S+")) {
      throw new InvalidConfigurationException(
          "salesbot.wecom.card-url",
          "must be an http(s) URL such as " + WecomSettings.DEFAULT_CARD_URL);
    }
    if (apps.isEmpty()) {
      throw new InvalidConfigurationException(
          "salesbot.wecom.apps",
          "configure at least one app: salesbot.wecom.apps.<agentId>.secret, .token and .aes-key");
    }
    List<WecomSettings.App> list = new ArrayList<>();
    for (Map.Entry<String, App> e : apps.entrySet()) {
      String prefix = "salesbot.wecom.apps." + e.getKey();
      int agentId;
      try {
        agentId = Integer.parseInt(e.getKey());
      } catch (NumberFormatException ex) {
        agentId = -1;
      }
      if (agentId <= 0) {
        throw new InvalidConfigurationException(
            prefix, "the key must be the app's AgentId, a positive number such as 1000002");
      }
      App app = e.getValue();
      String secret = required(prefix + ".secret", app.secret());
      String token = required(prefix + ".token", app.token());
      String aesKey = required(prefix + ".aes-key", app.aesKey());
      if (!token.matches("[A-Za-z0-9]{1,32}")) {
        throw new InvalidConfigurationException(
            prefix + ".token", "must be the callback Token: 1 to 32 letters or digits");
      }
      if (aesKey.length() != 43 || !aesKey.matches("[A-Za-z0-9+/]+")) {
        throw new InvalidConfigurationException(
            prefix + ".aes-key",
            "must be the 43-character EncodingAESKey from the app's 接收消息 page, got "
                + aesKey.length()
                + " characters");
      }
      list.add(new WecomSettings.App(agentId, secret, token, aesKey));
    }
    if (dailySends < 1) {
      throw new InvalidConfigurationException(
          "salesbot.wecom.daily-sends",
          "must be at least 1: the corp's licensed seats × 200, e.g. 10000 for 50 seats; got "
              + dailySends);
    }
    if (callTimeout == null
        || callTimeout.isNegative()
        || callTimeout.isZero()
        || callTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new InvalidConfigurationException(
          "salesbot.wecom.call-timeout",
          "must be a duration from 1ms to 1m such as 5s, got " + callTimeout);
    }
    if (circuitOpenFor == null || circuitOpenFor.isNegative() || circuitOpenFor.isZero()) {
      throw new InvalidConfigurationException(
          "salesbot.wecom.circuit-open-for",
          "must be a positive duration such as 30s, got " + circuitOpenFor);
    }
    WecomSettings settings = WecomSettings.of(corp, apiBaseUrl, list).withCardUrl(cardUrl);
    return settings.withSending(new WecomSettings.Sending(dailySends, callTimeout, circuitOpenFor));
  }

  private static String required(String property, @Nullable String value) {
    return InvalidConfigurationException.required(property, value, "salesbot.wecom.enabled=true");
  }
}
