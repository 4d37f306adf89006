package io.salesbot.server.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Whether the sandbox platform is on: {@code salesbot.sandbox.enabled} if set, else on exactly when
 * salesbot runs on its embedded dev services. Warns loudly when it is on beside a real platform.
 */
public record SandboxSwitch(boolean enabled) {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxSwitch.class);

  static SandboxSwitch decide(SalesbotProperties properties, Environment env) {
    Boolean configured = properties.getSandbox().getEnabled();
    boolean devServices = env.getProperty("salesbot.dev-services.active", Boolean.class, false);
    boolean enabled = configured != null ? configured : devServices;
    if (enabled) {
      for (String platform : new String[] {"wecom", "dingtalk", "wechat-mp"}) {
        if (env.getProperty("salesbot." + platform + ".enabled", Boolean.class, false)) {
          LOG.warn(
              "\n**********\nSECURITY: the sandbox platform is ON while the real platform '{}' is on too."
                  + " Anyone who reaches /sandbox can press buttons and type commands as any user."
                  + " Set salesbot.sandbox.enabled=false in production.\n**********",
              platform);
        }
      }
      LOG.info("Sandbox platform is on: try it at /sandbox/users");
    }
    return new SandboxSwitch(enabled);
  }
}
