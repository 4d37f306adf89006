package io.salesbot.server.config;

import java.io.IOException;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Loads the demo dataset ({@code salesbot-demo.yaml}) when salesbot runs on its embedded dev
 * services and no {@code salesbot.teams} are configured, so the try-out mode works with no
 * configuration at all. {@code salesbot.demo.enabled=false} turns it off. Its admin token ({@code
 * demo-admin-token}) is kept only while the server listens on 127.0.0.1 alone.
 */
public class DemoDataEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  /** Name of the property source this adds. */
  public static final String SOURCE = "salesbot-demo";

  private static final String ADMIN_TOKEN = "salesbot.admin.token";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    boolean devServices = env.getProperty("salesbot.dev-services.active", Boolean.class, false);
    boolean enabled = env.getProperty("salesbot.demo.enabled", Boolean.class, true);
    if (!devServices || !enabled || teamsConfigured(env)) {
      return;
    }
    try {
      List<PropertySource<?>> sources =
          new YamlPropertySourceLoader().load(SOURCE, new ClassPathResource("salesbot-demo.yaml"));
      boolean loopbackOnly = loopback(env.getProperty("server.address"));
      for (PropertySource<?> source : sources) {
        env.getPropertySources().addLast(loopbackOnly ? source : withoutAdminToken(source));
      }
      env.getPropertySources()
          .addLast(
              new org.springframework.core.env.MapPropertySource(
                  SOURCE + "-flag", java.util.Map.of("salesbot.demo.active", "true")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the demo dataset salesbot-demo.yaml", e);
    }
  }

  /**
   * The demo admin token is printed in the start-up log and this repository: a try-out convenience
   * for a server only this machine reaches. Opened to the network, admin stays off unless a real
   * token is configured.
   */
  private static PropertySource<?> withoutAdminToken(PropertySource<?> source) {
    if (!(source instanceof EnumerablePropertySource<?> e)) {
      return source;
    }
    java.util.Map<String, Object> kept = new java.util.LinkedHashMap<>();
    for (String name : e.getPropertyNames()) {
      Object value = e.getProperty(name);
      if (!ADMIN_TOKEN.equals(name) && value != null) {
        kept.put(name, value);
      }
    }
    return new org.springframework.core.env.MapPropertySource(source.getName(), kept);
  }

  /** Whether {@code address} (a {@code server.address}) reaches only this machine. */
  static boolean loopback(@org.jspecify.annotations.Nullable String address) {
    if (address == null || address.isBlank()) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(address.strip()).isLoopbackAddress();
    } catch (java.net.UnknownHostException | SecurityException e) {
      return false;
    }
  }

  private static boolean teamsConfigured(ConfigurableEnvironment env) {
    for (PropertySource<?> source : env.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> e) {
        for (String name : e.getPropertyNames()) {
          if (name.startsWith("salesbot.teams.") || name.startsWith("SALESBOT_TEAMS_")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** After the dev services have started (they set salesbot.dev-services.active). */
  @Override
  public int getOrder() {
    return io.salesbot.server.devservices.DevServicesEnvironmentPostProcessor.ORDER + 1;
  }
}
