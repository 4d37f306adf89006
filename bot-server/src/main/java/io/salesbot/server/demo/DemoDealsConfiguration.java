package io.salesbot.server.demo;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the {@link DemoDeals} once the application is ready, in try-out mode only: {@code
 * salesbot.demo.active} is set by {@code DemoDataEnvironmentPostProcessor} when salesbot runs on
 * its embedded dev services with the demo teams ({@code salesbot.demo.enabled=false} turns both
 * off). PostgreSQL slow or not there yet is tried again, a bounded number of times ({@link
 * DemoDealsLoader}); a failure is logged with what to do, and the server keeps running without
 * them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "salesbot.demo.active", havingValue = "true")
public class DemoDealsConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(DemoDealsConfiguration.class);

  @Bean
  DemoDeals demoDeals(
      PostgresAdapter postgres, TeamDirectory directory, StageSettings stages, Clock clock) {
    return new DemoDeals(postgres.leads(), postgres.deals(), directory, stages, clock);
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> demoDealsLoading(
      DemoDeals demo, @Value("${salesbot.dev-services.data-dir:.salesbot}") String dataDirectory) {
    DemoDealsLoader loader =
        new DemoDealsLoader(demo, Duration.ofSeconds(2), dataDirectory, LOG::warn);
    return event ->
        loader
            .load()
            .subscribe(
                created -> {
                  if (created > 0) {
                    LOG.info(
                        "Try-out mode: created {} demo deals for the demo teams (every stage, some"
                            + " stalled, approved and pending skips); try /deals, /funnel, /kpi",
                        created);
                  } else {
                    LOG.debug("Try-out mode: deals present, no demo deals added");
                  }
                });
  }
}
