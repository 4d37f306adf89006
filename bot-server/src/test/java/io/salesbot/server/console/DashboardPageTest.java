package io.salesbot.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/** The figures block a dashboard page carries for its charts. */
class DashboardPageTest {
  private final ObjectMapper json = new ObjectMapper();
  private final DashboardPage page = new DashboardPage(null, null, null, null, json);

  @Test
  void no_name_in_the_figures_can_close_the_script_block_and_the_figures_read_back_the_same() {
    Map<String, Object> figures =
        Map.of(
            "scores",
            Map.of(
                "reps",
                List.of(
                    Map.of("name", "</script><script>alert('&')</script>", "composite", 71.5))));

    String block = page.dataBlock(figures);

    assertThat(block).doesNotContain("<").doesNotContain(">").doesNotContain("&");
    assertThat(json.readValue(block, Map.class)).isEqualTo(figures);
  }
}
