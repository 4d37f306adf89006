package io.salesbot.core.stage.domain;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One of the checkpoints (关卡) of a stage.
 *
 * @param id stable id used in storage, payloads and configuration, e.g. {@code needs-notes}
 * @param number its number on the cards, ①–⑫ for the defaults
 * @param evidence what completes it; {@link EvidenceRule#NONE} when salesbot completes it itself
 * @param managerOnly whether only the manager may complete it (else the owner or the manager)
 * @param required whether the stage's gate waits for it
 * @param dependsOn a checkpoint that must be done before this one, if any
 */
public record CheckpointDef(
    String id,
    int number,
    String name,
    EvidenceRule evidence,
    boolean managerOnly,
    boolean required,
    @Nullable String dependsOn) {
  public CheckpointDef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(evidence, "evidence");
    if (!id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
      throw new IllegalArgumentException(
          "checkpoint id '" + id + "' must be lower-case letters, digits and '-' (at most 40)");
    }
    if (number < 1 || number > 99) {
      throw new IllegalArgumentException("checkpoint number must be 1–99, got " + number);
    }
  }

  /** ①…⑳ for 1–20, else the number. */
  public String mark() {
    return number <= 20 ? String.valueOf((char) ('①' + number - 1)) : "(" + number + ")";
  }

  /** {@code ③ 需求调研纪要}. */
  public String label() {
    return mark() + " " + name;
  }
}
