package io.salesbot.core.stage.domain;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The stages a deal goes through and their checkpoints, in order. Configuration ({@code
 * salesbot.stages}); {@link #defaults()} is the seed's 五阶十二关. Validated on construction: ids
 * unique, numbers unique, a checkpoint depends only on one before it.
 */
public record StageModel(List<StageDef> stages) {
  /** ① 首次触达: done by salesbot when the owner presses 已联系. */
  public static final String FIRST_TOUCH = "first-touch";

  public StageModel {
    stages = List.copyOf(stages);
    if (stages.size() < 2) {
      throw new IllegalArgumentException("at least two stages are needed, got " + stages.size());
    }
    Set<String> ids = new HashSet<>();
    Set<Integer> numbers = new HashSet<>();
    Set<String> before = new HashSet<>();
    for (StageDef s : stages) {
      if (!ids.add("stage:" + s.id())) {
        throw new IllegalArgumentException("stage id '" + s.id() + "' is used twice");
      }
      for (CheckpointDef c : s.checkpoints()) {
        if (!ids.add(c.id())) {
          throw new IllegalArgumentException("checkpoint id '" + c.id() + "' is used twice");
        }
        if (!numbers.add(c.number())) {
          throw new IllegalArgumentException("checkpoint number " + c.number() + " is used twice");
        }
        if (c.dependsOn() != null && !before.contains(c.dependsOn())) {
          throw new IllegalArgumentException(
              "checkpoint '"
                  + c.id()
                  + "' depends on '"
                  + c.dependsOn()
                  + "', which is not a checkpoint before it");
        }
        before.add(c.id());
      }
    }
  }

  /**
   * The stage at {@code index}. A deal stored under a longer model (stages were removed from the
   * configuration since) is in the last stage: it keeps moving and can be closed, nothing breaks.
   */
  public StageDef stage(int index) {
    return stages.get(Math.min(index, last()));
  }

  public int last() {
    return stages.size() - 1;
  }

  /** The index of the stage with this id, or -1. */
  public int indexOf(String stageId) {
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i).id().equals(stageId)) {
        return i;
      }
    }
    return -1;
  }

  public Optional<CheckpointDef> checkpoint(String id) {
    return all().stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** The checkpoint numbered {@code number} (as people type it: 3 for ③). */
  public Optional<CheckpointDef> checkpoint(int number) {
    return all().stream().filter(c -> c.number() == number).findFirst();
  }

  /** The index of the stage a checkpoint belongs to, or -1. */
  public int stageOf(String checkpointId) {
    for (int i = 0; i < stages.size(); i++) {
      for (CheckpointDef c : stages.get(i).checkpoints()) {
        if (c.id().equals(checkpointId)) {
          return i;
        }
      }
    }
    return -1;
  }

  public List<CheckpointDef> all() {
    return stages.stream().flatMap(s -> s.checkpoints().stream()).toList();
  }

  /** The seed's five stages and twelve checkpoints (五阶十二关). */
  public static StageModel defaults() {
    Duration idle = Duration.ofDays(14);
    Duration stalled = Duration.ofDays(60);
    return new StageModel(
        List.of(
            new StageDef(
                "contact",
                "初步接触",
                List.of(
                    cp(FIRST_TOUCH, 1, "首次触达", "", null),
                    cp("appointment", 2, "需求沟通预约", "date+note", null)),
                idle,
                stalled,
                null),
            new StageDef(
                "diagnosis",
                "需求诊断",
                List.of(
                    cp("needs-notes", 3, "需求调研纪要", "note|file", null),
                    cp("decision-maker", 4, "关键决策人识别", "person", null),
                    cp("budget", 5, "预算确认", "amount", null)),
                idle,
                stalled,
                null),
            new StageDef(
                "proposal",
                "方案呈现",
                List.of(
                    cp("proposal", 6, "方案提交", "file", null),
                    cp("demo", 7, "方案演示/技术交流", "note|photo", null),
                    cp("quotation", 8, "报价单", "file+amount", "proposal")),
                idle,
                stalled,
                Duration.ofDays(45)),
            new StageDef(
                "objection",
                "异议处理",
                List.of(
                    cp("objections", 9, "异议记录与应对", "note", null),
                    cp("negotiation", 10, "商务谈判纪要", "note|file", null)),
                idle,
                stalled,
                null),
            new StageDef(
                "closing",
                "签约执行",
                List.of(
                    cp("contract", 11, "合同签署", "file+amount", null),
                    cp("first-payment", 12, "首笔回款", "amount+date", "contract")),
                idle,
                stalled,
                null)));
  }

  private static CheckpointDef cp(
      String id, int number, String name, String evidence, @Nullable String dependsOn) {
    return new CheckpointDef(
        id, number, name, EvidenceRule.parse(evidence), false, true, dependsOn);
  }
}
