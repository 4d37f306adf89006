package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.stage.domain.StageModel;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code salesbot.stages} bound as at start-up: defaults, a custom model, and named mistakes. */
class StagesFactoryTest {
  private static StageSettings settings(Map<String, String> values) {
    return StagesFactory.settings(
        BoundProperties.bind("salesbot.stages", StagesProperties.class, values));
  }

  /** Two stages with one checkpoint each, as a file would write them; {@code extra} on top. */
  private static Map<String, String> twoStages(String... extra) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("list[0].id", "talk");
    m.put("list[0].name", "洽谈");
    m.put("list[0].idle-after", "7d");
    m.put("list[0].stalled-after", "30d");
    m.put("list[0].checkpoints[0].id", "first-touch");
    m.put("list[0].checkpoints[0].name", "首次触达");
    m.put("list[1].id", "sign");
    m.put("list[1].name", "签约");
    m.put("list[1].dwell-warning", "20d");
    m.put("list[1].checkpoints[0].id", "contract");
    m.put("list[1].checkpoints[0].name", "合同签署");
    m.put("list[1].checkpoints[0].evidence", "file+amount");
    m.put("list[1].checkpoints[0].completed-by", "manager");
    m.put("list[1].checkpoints[0].depends-on", "first-touch");
    for (int i = 0; i < extra.length; i += 2) {
      m.put(extra[i], extra[i + 1]);
    }
    return m;
  }

  @Test
  void nothing_set_is_the_seeds_five_stages_and_twelve_checkpoints() {
    StageSettings s = settings(Map.of());
    assertThat(s.model()).isEqualTo(StageModel.defaults());
    assertThat(s).isEqualTo(StageSettings.defaults());
    assertThat(s.digestAt()).isEqualTo(LocalTime.of(9, 0));
  }

  @Test
  void a_configured_model_replaces_the_defaults() {
    StageSettings s =
        settings(
            twoStages(
                "lost-reasons[0]", "太贵",
                "lost-reasons[1]", "其他",
                "owed-for", "7d",
                "digest-at", "08:30"));
    StageModel m = s.model();
    assertThat(m.stages()).extracting(st -> st.name()).containsExactly("洽谈", "签约");
    assertThat(m.stage(0).idleAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(m.stage(0).stalledAfter()).isEqualTo(Duration.ofDays(30));
    assertThat(m.stage(0).dwellWarning()).isNull();
    assertThat(m.stage(1).idleAfter()).isEqualTo(Duration.ofDays(14)); // the default
    assertThat(m.stage(1).dwellWarning()).isEqualTo(Duration.ofDays(20));
    CheckpointDef contract = m.checkpoint("contract").orElseThrow();
    assertThat(contract.number()).isEqualTo(2);
    assertThat(contract.managerOnly()).isTrue();
    assertThat(contract.dependsOn()).isEqualTo("first-touch");
    assertThat(contract.evidence().satisfiedBy(Set.of(EvidenceKind.FILE))).isFalse();
    assertThat(contract.evidence().satisfiedBy(Set.of(EvidenceKind.FILE, EvidenceKind.AMOUNT)))
        .isTrue();
    assertThat(m.checkpoint("first-touch").orElseThrow().evidence().automatic()).isTrue();
    assertThat(s.lostReasons()).containsExactly("太贵", "其他");
    assertThat(s.invalidReasons()).isEqualTo(StageSettings.DEFAULT_INVALID_REASONS);
    assertThat(s.owedFor()).isEqualTo(Duration.ofDays(7));
    assertThat(s.digestAt()).isEqualTo(LocalTime.of(8, 30));
  }

  private static void fails(Map<String, String> values, String message) {
    assertThatThrownBy(() -> settings(values))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(message);
  }

  @Test
  void each_mistake_names_its_property() {
    fails(
        twoStages("list[1].checkpoints[0].evidence", "file|video"),
        "salesbot.stages.list[1].checkpoints[0].evidence: unknown kind 'video'"
            + " (note, file, photo, amount, date, person)");
    fails(
        Map.of("list[0].id", "only", "list[0].name", "唯一"),
        "salesbot.stages.list: at least two stages are needed, got 1");
    fails(
        twoStages("list[1].id", "talk"),
        "salesbot.stages.list[1].id: 'talk' is used by an earlier stage");
    fails(
        twoStages("list[0].id", "Talk Stage"),
        "salesbot.stages.list[0].id: 'Talk Stage' must be lower-case letters, digits and '-' (at"
            + " most 40)");
    fails(
        twoStages("list[1].checkpoints[0].id", "first-touch"),
        "salesbot.stages.list[1].checkpoints[0].id: 'first-touch' is used by"
            + " salesbot.stages.list[0].checkpoints[0]");
    fails(
        twoStages("list[0].checkpoints[0].depends-on", "contract"),
        "salesbot.stages.list[0].checkpoints[0].depends-on: 'contract' is not a checkpoint"
            + " before this one");
    fails(
        twoStages("list[1].checkpoints[0].completed-by", "boss"),
        "salesbot.stages.list[1].checkpoints[0].completed-by: must be owner or manager, got"
            + " 'boss'");
    fails(
        twoStages("list[1].checkpoints[0].number", "1"),
        "salesbot.stages.list[1].checkpoints[0].number: 1 is used by"
            + " salesbot.stages.list[0].checkpoints[0]");
    fails(
        twoStages("list[0].stalled-after", "5d"),
        "salesbot.stages.list[0].stalled-after: must be longer than idle-after (PT168H), got"
            + " PT120H");
    fails(twoStages("list[1].name", " "), "salesbot.stages.list[1].name: is required");
    fails(
        Map.of("digest-at", "9点"),
        "salesbot.stages.digest-at: must be a local time as HH:mm, e.g. 09:00, got '9点'");
    fails(
        Map.of("owed-for", "0s"),
        "salesbot.stages.owed-for: must be a positive duration, e.g. 14d, got PT0S");
    Map<String, String> seven = new LinkedHashMap<>();
    for (int i = 0; i < 7; i++) {
      seven.put("lost-reasons[" + i + "]", "r" + i);
    }
    fails(seven, "salesbot.stages.lost-reasons: at most 6 (one button each), got 7");
  }
}
