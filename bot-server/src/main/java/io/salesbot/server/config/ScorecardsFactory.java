package io.salesbot.server.config;

import io.salesbot.core.score.DerivedRecords;
import io.salesbot.core.score.DerivedSettings;
import io.salesbot.core.score.ScorecardSettings;
import io.salesbot.core.score.domain.Axis;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.InvalidScorecardException;
import io.salesbot.core.score.domain.Measure;
import io.salesbot.core.score.domain.ScorecardModel;
import io.salesbot.core.score.domain.ScorecardModels;
import io.salesbot.core.stage.domain.StageModel;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code salesbot.scorecards} into the core's settings (models per period, derived records),
 * naming the property of each mistake.
 */
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

  /**
   * The scorecard settings: the models per period and the derived records, checked against the deal
   * stages ({@code checkpoints}) and the intake sources (a record feed turns derived contracts off
   * unless {@code derived.contracts} is {@code on}).
   */
  static ScorecardSettings settings(
      ScorecardsProperties p, StageModel stages, Map<String, SalesbotProperties.Source> sources) {
    return new ScorecardSettings(models(p), derived(p.derived(), stages, sources));
  }

  /** The model before the first change, then each change from its month on. */
  static ScorecardModels models(ScorecardsProperties p) {
    ScorecardModel initial =
        p.axes().isEmpty() ? ScorecardModel.defaults() : model(PREFIX, p.axes());
    List<ScorecardModels.Change> changes = new ArrayList<>();
    for (int c = 0; c < p.changes().size(); c++) {
      ScorecardsProperties.ChangeProperties change = p.changes().get(c);
      String at = PREFIX + ".changes[" + c + "]";
      YearMonth from = month(at + ".from", change.from());
      if (change.axes().isEmpty()) {
        throw new InvalidConfigurationException(
            at + ".axes",
            "set the whole model that applies from " + from + " (axes and dimensions)");
      }
      changes.add(new ScorecardModels.Change(from, model(at, change.axes())));
    }
    try {
      return new ScorecardModels(initial, changes);
    } catch (InvalidScorecardException e) {
      throw new InvalidConfigurationException(PREFIX + "." + e.path(), e.problem());
    }
  }

  /** The model before the first change (kept for the tests of one model). */
  static ScorecardModel model(ScorecardsProperties p) {
    return models(p).initial();
  }

  private static YearMonth month(String property, @Nullable String value) {
    String v = required(property, value);
    if (v.matches("\\d{4}-\\d{2}")) {
      try {
        return YearMonth.parse(v);
      } catch (java.time.DateTimeException e) {
        // falls through to the message below
      }
    }
    throw new InvalidConfigurationException(
        property, "a month written YYYY-MM, e.g. 2026-07, got '" + v + "'");
  }

  private static DerivedSettings derived(
      ScorecardsProperties.DerivedProperties d,
      StageModel stages,
      Map<String, SalesbotProperties.Source> sources) {
    String at = PREFIX + ".derived";
    // salesbot's own sources: derived records, and the corrections of accepted disputes
    for (String reserved :
        java.util.List.of(DerivedRecords.SOURCE, io.salesbot.core.score.AnswerDispute.SOURCE)) {
      SalesbotProperties.Source own = sources.get(reserved);
      if (own != null && own.records()) {
        throw new InvalidConfigurationException(
            "salesbot.intake.sources." + reserved + ".records",
            "the source '"
                + reserved
                + "' is reserved for the records salesbot writes itself; give the feed another id");
      }
    }
    boolean feed = sources.values().stream().anyMatch(SalesbotProperties.Source::records);
    boolean contracts =
        switch (d.contracts().strip().toLowerCase(Locale.ROOT)) {
          case "auto" -> !feed;
          case "on", "true" -> true;
          case "off", "false" -> false;
          default ->
              throw new InvalidConfigurationException(
                  at + ".contracts", "auto, on or off, got '" + d.contracts() + "'");
        };
    DerivedSettings defaults = DerivedSettings.defaults();
    return new DerivedSettings(
        d.enabled(),
        d.enabled() && contracts,
        d.contractCheckpoint() == null
            ? defaults.contractCheckpoint()
            : checkpoint(at + ".contract-checkpoint", d.contractCheckpoint(), stages),
        checkpoints(
            at + ".proposal-checkpoints",
            d.proposalCheckpoints(),
            defaults.proposalCheckpoints(),
            stages),
        checkpoints(
            at + ".visit-checkpoints", d.visitCheckpoints(), defaults.visitCheckpoints(), stages),
        required(at + ".proposal-dimension", d.proposalDimension()),
        required(at + ".first-touch-dimension", d.firstTouchDimension()));
  }

  /** Configured: each must be a checkpoint; not configured: the defaults the stages have. */
  private static Set<String> checkpoints(
      String property, @Nullable List<String> ids, Set<String> defaults, StageModel stages) {
    if (ids == null) {
      return defaults.stream()
          .filter(id -> stages.checkpoint(id).isPresent())
          .collect(Collectors.toSet());
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      out.add(checkpoint(property + "[" + i + "]", ids.get(i), stages));
    }
    return out;
  }

  private static String checkpoint(String property, String id, StageModel stages) {
    String v = required(property, id);
    if (stages.checkpoint(v).isEmpty()) {
      throw new InvalidConfigurationException(
          property,
          "no checkpoint '"
              + v
              + "' in salesbot.stages; one of "
              + stages.all().stream().map(c -> c.id()).collect(Collectors.joining(", ")));
    }
    return v;
  }

  private static ScorecardModel model(String prefix, List<ScorecardsProperties.AxisProperties> in) {
    List<Axis> axes = new ArrayList<>();
    for (int a = 0; a < in.size(); a++) {
      ScorecardsProperties.AxisProperties axis = in.get(a);
      String at = prefix + ".axes[" + a + "]";
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
      throw new InvalidConfigurationException(prefix + "." + e.path(), e.problem());
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
