package io.salesbot.server.demo;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the {@link DemoDeals} once the application is ready, in try-out mode only: {@code
 * salesbot.demo.active} is set by {@code DemoDataEnvironmentPostProcessor} when salesbot runs on
 * its embedded dev services with the demo teams ({@code salesbot.demo.enabled=false} turns both
 * off). A failure is logged and the server keeps running without them.
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
  ApplicationListener<ApplicationReadyEvent> demoDealsLoading(DemoDeals demo) {
    return event ->
        demo.load()
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
                },
                e -> LOG.warn("Try-out mode: could not create the demo deals: {}", e.toString()));
  }
}
