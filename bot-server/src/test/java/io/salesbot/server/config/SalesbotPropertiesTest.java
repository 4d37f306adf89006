package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class SalesbotPropertiesTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SalesbotProperties.class)
  static class Bound {}

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Bound.class);

  @Test
  void binds_the_defaults_and_nested_values_through_the_records() {
    context
        .withPropertyValues(
            "salesbot.teams.east.name=华东",
            "salesbot.teams.east.members[0].id=sandbox:zhangsan",
            "salesbot.teams.east.members[0].name=张三",
            "salesbot.teams.east.members[0].leave=2026-12-01",
            "salesbot.routing.defaults.working-hours.start=08:30")
        .run(
            c -> {
              SalesbotProperties p = c.getBean(SalesbotProperties.class);
              assertThat(p.locale()).isEqualTo("zh-CN");
              assertThat(p.pipeline().reclaimIdle()).isEqualTo(Duration.ofSeconds(30));
              assertThat(p.pipeline().keyPrefix()).isEqualTo("salesbot");
              assertThat(p.teams().get("east").members().get(0).weight()).isEqualTo(1);
              assertThat(p.teams().get("east").members().get(0).leave())
                  .containsExactly(LocalDate.of(2026, 12, 1));
              assertThat(p.routing().defaults().workingHours().days()).hasSize(5);
              assertThat(p.routing().defaults().workingHours().start()).isEqualTo("08:30");
              assertThat(p.routing().defaults().quietHours()).isNull();
              assertThat(p.admin().token()).isNull();
            });
  }

  @Test
  void a_value_out_of_its_constraints_stops_start_up_naming_the_property() {
    context
        .withPropertyValues("salesbot.locale=fr")
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("salesbot.locale")
                    .hasMessageContaining("must be zh-CN or en"));
    context
        .withPropertyValues("salesbot.intake.sources.web.secret=short")
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("intake.sources[web].secret")
                    .hasMessageContaining("at least 8 characters"));
    context
        .withPropertyValues("salesbot.pipeline.concurrency=0")
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("pipeline.concurrency"));
    context
        .withPropertyValues("salesbot.pipeline.inbound-concurrency=0")
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("pipeline.inboundConcurrency"));
    context
        .withPropertyValues("salesbot.pipeline.inbound-concurrency=5000")
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("pipeline.inboundConcurrency"));
  }
}
