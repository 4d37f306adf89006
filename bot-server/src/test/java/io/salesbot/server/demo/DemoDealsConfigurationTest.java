package io.salesbot.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.testing.TestTeams;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

/** The demo deals are wired in try-out mode only ({@code salesbot.demo.active}). */
class DemoDealsConfigurationTest {
  /** Never connected to: the loader runs only once the application is ready, which never comes. */
  static final ConnectionFactory UNUSED =
      new ConnectionFactory() {
        @Override
        public Publisher<? extends Connection> create() {
          return Mono.error(new IllegalStateException("not in this test"));
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
          return () -> "PostgreSQL"; // for the bind markers DatabaseClient picks
        }
      };

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(DemoDealsConfiguration.class)
          .withBean(PostgresAdapter.class, () -> new PostgresAdapter(UNUSED))
          .withBean(TeamDirectory.class, TestTeams::directory)
          .withBean(StageSettings.class, StageSettings::defaults)
          .withBean(Clock.class, Clock::systemUTC);

  @Test
  void off_outside_try_out_mode() {
    runner.run(context -> assertThat(context).doesNotHaveBean(DemoDeals.class));
    runner
        .withPropertyValues("salesbot.demo.active=false")
        .run(context -> assertThat(context).doesNotHaveBean(DemoDeals.class));
  }

  @Test
  void on_in_try_out_mode() {
    runner
        .withPropertyValues("salesbot.demo.active=true")
        .run(context -> assertThat(context).hasSingleBean(DemoDeals.class));
  }
}
