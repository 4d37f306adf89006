package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.routing.RuleRouter;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.testing.TestTeams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing rules file is re-read when it changes; an invalid edit keeps the previous rules. */
class RoutingRulesFileTest {
  @TempDir Path dir;
  private final SalesbotProperties properties =
      BoundProperties.bind("salesbot", SalesbotProperties.class, java.util.Map.of());
  private long tick = 1_700_000_000L;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("routing-rules.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    // Every write gets a later modification time, however fast the test runs.
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(tick++)));
    return file;
  }

  private static LeadSubmission lead(String industry) {
    return new LeadSubmission(
        "i1",
        "web",
        "张三",
        null,
        null,
        "西北",
        industry,
        null,
        null,
        null,
        null,
        Map.of(),
        Priority.NORMAL);
  }

  @Test
  void reloads_valid_edits_and_keeps_the_previous_rules_after_an_invalid_one() throws IOException {
    Path file = write("rules:\n  - id: R1\n    team: south\n    industry: { equals: 制造 }\n");
    RoutingRulesFile rules = new RoutingRulesFile(file, properties, TestTeams.directory());
    RuleRouter router = new RuleRouter(TestTeams.directory(), rules::rules);
    assertThat(router.route(lead("制造")).team().id()).isEqualTo("south");
    assertThat(rules.reloadIfChanged()).as("unchanged file").isFalse();

    write("rules:\n  - id: R2\n    team: east\n    industry: { in: [制造, 零售] }\n");
    assertThat(rules.reloadIfChanged()).isTrue();
    assertThat(rules.rules()).extracting(RoutingRule::id).containsExactly("R2");
    assertThat(router.route(lead("制造")).team().id()).isEqualTo("east");

    write("rules:\n  - id: R3\n    team: nowhere\n");
    assertThat(rules.reloadIfChanged()).isFalse();
    assertThat(rules.rules()).extracting(RoutingRule::id).containsExactly("R2");

    write("rules: [ this is : not yaml");
    assertThat(rules.reloadIfChanged()).isFalse();
    assertThat(rules.rules()).extracting(RoutingRule::id).containsExactly("R2");

    Files.delete(file);
    assertThat(rules.reloadIfChanged()).isFalse();
    assertThat(rules.rules()).extracting(RoutingRule::id).containsExactly("R2");
  }

  @Test
  void an_invalid_file_at_start_up_names_the_property() throws IOException {
    Path file = write("rules:\n  - id: R1\n    team: nowhere\n");
    assertThatThrownBy(() -> new RoutingRulesFile(file, properties, TestTeams.directory()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("salesbot.routing.rules-file:")
        .hasMessageContaining("nowhere");
    assertThatThrownBy(
            () ->
                new RoutingRulesFile(
                    dir.resolve("missing.yaml"), properties, TestTeams.directory()))
        .hasMessageStartingWith("salesbot.routing.rules-file:");
  }
}
