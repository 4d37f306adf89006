package io.salesbot.server.console;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web console, {@code salesbot.console.*}: who may sign in, and how. Checked at start-up by
 * {@link ConsoleConfiguration}, each wrong property named.
 *
 * @param signIn Platforms whose people sign in to the console: wecom (QR login, or OAuth2 inside
 *     the WeCom client, with the sending app) and/or dingtalk (QR login with the app); each needs
 *     that platform on (salesbot.wecom.enabled / salesbot.dingtalk.enabled). Default none: only the
 *     try-out picker, where the sandbox is on.
 * @param publicBaseUrl Where people's browsers reach salesbot, e.g. https://salesbot.example.com;
 *     required with sign-in: the platforms send people back to
 *     &lt;public-base-url&gt;/console/login/&lt;platform&gt;/callback, whose host must be the app's
 *     registered trusted domain (WeCom 可信域名 / DingTalk 回调域名).
 * @param admins People who are console admins (see everything), as addresses such as wecom:zhangsan
 *     or dingtalk:0123456789; reps and managers come from salesbot.teams.
 * @param sessionLifetime How long a console session lasts, whatever happens (default 12h; 5m to
 *     7d).
 */
@ConfigurationProperties("salesbot.console")
public record ConsoleProperties(
    @DefaultValue List<String> signIn,
    @Nullable String publicBaseUrl,
    @DefaultValue List<String> admins,
    @DefaultValue("12h") Duration sessionLifetime) {
  static final String P = "salesbot.console.";
  static final Set<String> PLATFORMS = Set.of("wecom", "dingtalk");

  public ConsoleProperties {
    signIn = List.copyOf(signIn);
    admins = List.copyOf(admins);
  }

  /**
   * The sign-in platforms, checked: known and on.
   *
   * @param on the chat platforms that are on (salesbot.&lt;platform&gt;.enabled)
   */
  Set<String> checkedSignIn(Set<String> on) {
    Set<String> platforms = new LinkedHashSet<>();
    for (String p : signIn) {
      String platform = p == null ? "" : p.strip();
      if (!PLATFORMS.contains(platform)) {
        throw new InvalidConfigurationException(
            P + "sign-in", "must list wecom and/or dingtalk, got '" + p + "'");
      }
      if (!on.contains(platform)) {
        throw new InvalidConfigurationException(
            P + "sign-in",
            "lists "
                + platform
                + " but that platform is off: set salesbot."
                + platform
                + ".enabled=true and its app (sign-in uses the app's "
                + (platform.equals("wecom") ? "corp id, agent id" : "client id")
                + " and secret)");
      }
      platforms.add(platform);
    }
    return Set.copyOf(platforms);
  }

  /** The callback base, checked: an http(s) address without a query; null without sign-in. */
  @Nullable String checkedBaseUrl(boolean signInOn) {
    if (!signInOn) {
      return null;
    }
    String base = publicBaseUrl == null ? "" : publicBaseUrl.strip();
    if (base.isEmpty()) {
      throw new InvalidConfigurationException(
          P + "public-base-url",
          "is required when salesbot.console.sign-in lists a platform: the address at which"
              + " browsers reach salesbot, such as https://salesbot.example.com");
    }
    if (!base.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
      throw new InvalidConfigurationException(
          P + "public-base-url",
          "must be an http(s) address without query, such as https://salesbot.example.com, got '"
              + base
              + "'");
    }
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** The admins, checked: each an address {@code <platform>:<userId>}. */
  Set<Address> checkedAdmins() {
    Set<Address> out = new LinkedHashSet<>();
    for (int i = 0; i < admins.size(); i++) {
      try {
        Address a = Address.parse(admins.get(i) == null ? null : admins.get(i).strip());
        if (a.isGroup()) {
          throw new IllegalArgumentException("a group chat cannot sign in");
        }
        out.add(a);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException(P + "admins[" + i + "]", e.getMessage());
      }
    }
    return Set.copyOf(out);
  }

  /** The session lifetime, checked: 5 minutes to 7 days. */
  Duration checkedSessionLifetime() {
    if (sessionLifetime.compareTo(Duration.ofMinutes(5)) < 0
        || sessionLifetime.compareTo(Duration.ofDays(7)) > 0) {
      throw new InvalidConfigurationException(
          P + "session-lifetime", "must be between 5m and 7d, got " + sessionLifetime);
    }
    return sessionLifetime;
  }
}
