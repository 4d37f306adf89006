package io.salesbot.server.config;

import io.salesbot.core.score.domain.Axis;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.InvalidScorecardException;
import io.salesbot.core.score.domain.Measure;
import io.salesbot.core.score.domain.ScorecardModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Turns {@code salesbot.scorecards} into the core's model, naming the property of each mistake. */
final class ScorecardsFactory {
  static final String PREFIX = "salesbot.scorecards";
  private static final String MEASURES =
      Arrays.stream(Measure.values())
          .map(ScorecardsFactory::wire)
          .collect(Collectors.joining(", "));

  private ScorecardsFactory() {}

  /** {@code publishers} as addresses; a malformed one fails start-up naming its index. */
  static List<io.salesbot.core.kernel.domain.Address> publishers(ScorecardsProperties p) {
    List<io.salesbot.core.kernel.domain.Address> out = new ArrayList<>();
    for (int i = 0; i < p.publishers().size(); i++) {
      try {
        out.add(io.salesbot.core.kernel.domain.Address.parse(p.publishers().get(i)));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException(PREFIX + ".publishers[" + i + "]", e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  static ScorecardModel model(ScorecardsProperties p) {
    if (p.axes().isEmpty()) {
      return ScorecardModel.defaults();
    }
    List<Axis> axes = new ArrayList<>();
    for (int a = 0; a < p.axes().size(); a++) {
      ScorecardsProperties.AxisProperties axis = p.axes().get(a);
      String at = PREFIX + ".axes[" + a + "]";
      List<Dimension> dims = new ArrayList<>();
      for (int d = 0; d < axis.dimensions().size(); d++) {
        dims.add(dimension(at + ".dimensions[" + d + "]", axis.dimensions().get(d)));
      }
      axes.add(
          new Axis(
              required(at + ".id", axis.id()),
              required(at + ".label", axis.label()),
              axis.weight(),
              dims));
    }
    try {
      return new ScorecardModel(axes);
    } catch (InvalidScorecardException e) {
      throw new InvalidConfigurationException(PREFIX + "." + e.path(), e.problem());
    }
  }

  private static Dimension dimension(String at, ScorecardsProperties.DimensionProperties d) {
    String measure = required(at + ".measure", d.measure());
    Measure m =
        Arrays.stream(Measure.values())
            .filter(x -> wire(x).equals(measure.strip().toLowerCase(Locale.ROOT)))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidConfigurationException(
                        at + ".measure", "one of " + MEASURES + ", got '" + measure + "'"));
    if (d.target() == null) {
      throw new InvalidConfigurationException(
          at + ".target", "set the month's target figure, more than 0");
    }
    return new Dimension(
        required(at + ".id", d.id()),
        required(at + ".label", d.label()),
        m,
        d.weight(),
        d.target(),
        d.teamTargets(),
        d.repTargets(),
        d.fromHistory(),
        d.floor(),
        d.cap());
  }

  private static String required(String property, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidConfigurationException(property, "must be set");
    }
    return value.strip();
  }

  /** {@code CONTRACT_AMOUNT} → {@code contract-amount}. */
  static String wire(Measure m) {
    return m.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
