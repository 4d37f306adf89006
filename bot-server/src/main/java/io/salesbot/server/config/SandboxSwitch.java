package io.salesbot.server.config;

import org.springframework.core.env.Environment;

/**
 * Whether the sandbox platform is on: {@code salesbot.sandbox.enabled} if set, else on exactly when
 * salesbot runs on its embedded dev services (the try-out mode).
 */
public final class SandboxSwitch {
  private SandboxSwitch() {}

  public static boolean enabled(Environment env) {
    Boolean configured = env.getProperty("salesbot.sandbox.enabled", Boolean.class);
    return configured != null
        ? configured
        : env.getProperty("salesbot.dev-services.active", Boolean.class, false);
  }
}
