package io.salesbot.core.stage.domain;

import java.time.LocalDate;
import java.util.Objects;

/** The rep's next action on a deal and the day it is planned for (下一步计划). */
public record NextStep(String text, LocalDate due) {
  public NextStep {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(due, "due");
    if (text.isBlank() || text.length() > 200) {
      throw new IllegalArgumentException("a next step is 1–200 characters");
    }
  }
}
