package io.salesbot.core.score;

import io.salesbot.core.score.domain.ScorecardModels;
import java.util.Objects;

/**
 * The scorecard configuration ({@code salesbot.scorecards}), validated by whoever read it: the
 * models over time (weights per period) and which records salesbot derives itself.
 */
public record ScorecardSettings(ScorecardModels models, DerivedSettings derived) {
  public ScorecardSettings {
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(derived, "derived");
  }

  /** The seed's 三轴九维 for every month; every derived record, contracts included. */
  public static ScorecardSettings defaults() {
    return new ScorecardSettings(ScorecardModels.defaults(), DerivedSettings.defaults());
  }
}
