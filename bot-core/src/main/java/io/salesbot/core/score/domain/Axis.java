package io.salesbot.core.score.domain;

import java.util.List;
import java.util.Objects;

/** One of a scorecard's axes (e.g. 业绩贡献), its weight in the composite (percent). */
public record Axis(String id, String label, int weight, List<Dimension> dimensions) {
  public Axis {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    dimensions = List.copyOf(dimensions);
  }
}
