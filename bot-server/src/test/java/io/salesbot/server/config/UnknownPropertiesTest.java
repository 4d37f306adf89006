package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownPropertiesTest {
  private static final List<UnknownProperties.Known> KNOWN = UnknownProperties.metadata();

  @Test
  void the_generated_metadata_is_read() {
    assertThat(KNOWN)
        .contains(
            new UnknownProperties.Known("salesbot.intake.sources", true),
            new UnknownProperties.Known("salesbot.locale", false));
  }

  @Test
  void a_typo_is_named_with_the_closest_property() {
    assertThat(
            UnknownProperties.warnings(
                List.of("salesbot.intake.source.web.secret", "salesbot.locale"), KNOWN))
        .containsExactly(
            "unknown configuration property 'salesbot.intake.source.web.secret' is ignored; did"
                + " you mean 'salesbot.intake.sources.web.secret'? (docs/configuration.md lists"
                + " every property)");
    assertThat(UnknownProperties.warnings(List.of("salesbot.pipline.concurrency"), KNOWN))
        .singleElement()
        .asString()
        .contains("'salesbot.pipeline.concurrency'");
  }

  @Test
  void entries_of_maps_and_lists_and_start_up_switches_are_known() {
    assertThat(
            UnknownProperties.warnings(
                List.of(
                    "salesbot.teams.east.members[0].id",
                    "salesbot.routing.rules[0].team",
                    "salesbot.intake.sources.web.secret",
                    "salesbot.dev-services.enabled",
                    "salesbot.demo.enabled",
                    "salesbot.pipeline.keyPrefix",
                    "spring.r2dbc.url"),
                KNOWN))
        .isEmpty();
  }
}
