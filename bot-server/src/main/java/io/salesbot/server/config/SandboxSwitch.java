package io.salesbot.server.config;

import java.util.List;
import org.springframework.core.env.Environment;

/**
 * Whether the sandbox platform is on: {@code salesbot.sandbox.enabled} if set, else on exactly when
 * salesbot runs on its embedded dev services (the try-out mode) and no real platform (WeCom,
 * DingTalk, official account) is enabled: the sandbox answers anyone, so a real deployment gets it
 * only when asked for by name.
 */
public final class SandboxSwitch {
  /** The {@code enabled} switches of the real platforms. */
  static final List<String> REAL_PLATFORMS =
      List.of("salesbot.wecom.enabled", "salesbot.dingtalk.enabled", "salesbot.wechat-mp.enabled");

  private SandboxSwitch() {}

  public static boolean enabled(Environment env) {
    Boolean configured = env.getProperty("salesbot.sandbox.enabled", Boolean.class);
    if (configured != null) {
      return configured;
    }
    for (String platform : REAL_PLATFORMS) {
      if (env.getProperty(platform, Boolean.class, false)) {
        return false;
      }
    }
    return env.getProperty("salesbot.dev-services.active", Boolean.class, false);
  }
}
