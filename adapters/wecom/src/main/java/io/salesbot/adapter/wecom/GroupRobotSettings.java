package io.salesbot.adapter.wecom;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * WeCom group robots (群机器人) by name: each is a webhook key of one group chat, from {@code
 * salesbot.wecom.group-robots.<name>.key}. Messages to {@code wecom-robot:<name>} go there.
 *
 * @param apiBaseUrl WeCom's API, {@code https://qyapi.weixin.qq.com} but in tests
 * @param keys webhook keys by robot name (the {@code key=} part of the robot's webhook address)
 * @param callTimeout the longest wait for one webhook call
 */
public record GroupRobotSettings(
    String apiBaseUrl, Map<String, String> keys, Duration callTimeout) {
  /** Robot names: they become addresses and budget names. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /**
   * What the keys seen look like (a UUID, 36 characters); WeCom documents no format, so any 16 to
   * 64 letters, digits and hyphens pass (a typo is caught by WeCom's answer, errcode 93000).
   */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]{16,64}");

  public GroupRobotSettings {
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (!apiBaseUrl.startsWith("http://") && !apiBaseUrl.startsWith("https://")) {
      throw new IllegalArgumentException("api-base-url must start with http:// or https://");
    }
    apiBaseUrl =
        apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
    }
    Map<String, String> byKey = new HashMap<>();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      String name = e.getKey();
      String key = e.getValue();
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "group-robots."
                + name
                + ": a robot's name must be lower-case letters, digits, '-' or '_' (at most 64)");
      }
      String property = "group-robots." + name + ".key";
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(
            property + " must be the robot's webhook key (the part after key= in its address)");
      }
      if (key.contains("key=") || key.startsWith("http")) {
        throw new IllegalArgumentException(
            property
                + " must be only the key (the part after key=), not the whole webhook address");
      }
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            property
                + " does not look like a webhook key (16 to 64 letters, digits or '-', such as"
                + " 693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa), got "
                + key.length()
                + " characters");
      }
      String other = byKey.putIfAbsent(key, name);
      if (other != null) {
        throw new IllegalArgumentException(
            property + " is the same key as group-robots." + other + ".key: one name per robot");
      }
    }
    keys = Map.copyOf(new LinkedHashMap<>(keys));
  }

  /** The robots with WeCom's address and a 5 s timeout. */
  public static GroupRobotSettings of(Map<String, String> keys) {
    return new GroupRobotSettings(WecomSettings.DEFAULT_API_BASE_URL, keys, Duration.ofSeconds(5));
  }

  public GroupRobotSettings withApiBaseUrl(String url) {
    return new GroupRobotSettings(url, keys, callTimeout);
  }

  @Override
  public String toString() {
    return "GroupRobotSettings[apiBaseUrl=" + apiBaseUrl + ", robots=" + keys.keySet() + "]";
  }
}
