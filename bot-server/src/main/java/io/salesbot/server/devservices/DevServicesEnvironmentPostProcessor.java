package io.salesbot.server.devservices;

import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded PostgreSQL and/or Redis when no external one is configured (see {@link
 * DevServicesSettings#from}) and puts their connection properties first in the environment; in this
 * try-out mode the HTTP server listens on 127.0.0.1 unless {@code server.address} is set.
 * Registered in {@code META-INF/spring.factories}; runs after the configuration files are read.
 */
public class DevServicesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  /** Name of the property source holding the dev services' connection properties. */
  public static final String PROPERTY_SOURCE_NAME = "salesbotDevServices";

  /**
   * Runs late, after the configuration files are read, but before post-processors that need the dev
   * services' properties and order themselves after this (e.g. {@code ORDER + 1}).
   */
  public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

  /** Set to {@code true} when this post-processor bound the server to {@value #LOOPBACK}. */
  public static final String LOOPBACK_ONLY = "salesbot.dev-services.loopback-only";

  private static final String SERVER_ADDRESS = "server.address";
  private static final String LOOPBACK = "127.0.0.1";

  private final Log log;

  /** Called by Spring Boot with a log that prints once logging is set up. */
  public DevServicesEnvironmentPostProcessor(DeferredLogFactory logFactory) {
    this.log = logFactory.getLog(DevServicesEnvironmentPostProcessor.class);
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
      return;
    }
    DevServicesSettings settings = DevServicesSettings.from(environment);
    if (!settings.any()) {
      log.debug("Embedded dev services not started: disabled or external servers configured");
      return;
    }
    Map<String, Object> properties =
        new java.util.LinkedHashMap<>(DevServices.shared(settings, log));
    if (!org.springframework.util.StringUtils.hasText(environment.getProperty(SERVER_ADDRESS))) {
      // Try-out mode runs the unauthenticated sandbox and a well-known demo admin token: keep it
      // on this machine unless server.address opens it on purpose.
      properties.put(SERVER_ADDRESS, LOOPBACK);
      properties.put(LOOPBACK_ONLY, "true");
    }
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
