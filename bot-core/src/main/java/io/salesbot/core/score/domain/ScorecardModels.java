package io.salesbot.core.score.domain;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scorecard models over time: the one in force from the beginning ({@code initial}) and the
 * changes, each applying from its month on until the next one. A month is scored by the model in
 * force in it, so a change of weights never alters an earlier month. Validated when built: the
 * changes' months are unique and in order ({@link InvalidScorecardException} names {@code
 * changes[n].from}).
 */
public record ScorecardModels(ScorecardModel initial, List<Change> changes) {
  /** A model that applies from {@code from} on. */
  public record Change(YearMonth from, ScorecardModel model) {
    public Change {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(model, "model");
    }
  }

  /** The model in force in a month, and since when ({@code from} empty: from the beginning). */
  public record InForce(ScorecardModel model, Optional<YearMonth> from) {}

  public ScorecardModels {
    Objects.requireNonNull(initial, "initial");
    changes = List.copyOf(changes);
    for (int i = 1; i < changes.size(); i++) {
      YearMonth before = changes.get(i - 1).from();
      YearMonth month = changes.get(i).from();
      if (!month.isAfter(before)) {
        throw new InvalidScorecardException(
            "changes[" + i + "].from",
            month.equals(before)
                ? "'" + month + "' is used twice; each change needs its own month"
                : "must come after changes["
                    + (i - 1)
                    + "].from ("
                    + before
                    + "), got "
                    + month
                    + "; list the changes in order");
      }
    }
  }

  /** One model for every month. */
  public static ScorecardModels of(ScorecardModel model) {
    return new ScorecardModels(model, List.of());
  }

  /** The seed's 三轴九维 for every month. */
  public static ScorecardModels defaults() {
    return of(ScorecardModel.defaults());
  }

  /**
   * The model that scores {@code period}: that of the last change from it or before, else the
   * initial one.
   */
  public ScorecardModel forPeriod(YearMonth period) {
    return inForce(period).model();
  }

  /** The model that scores {@code period} and the month it applies from. */
  public InForce inForce(YearMonth period) {
    InForce found = new InForce(initial, Optional.empty());
    for (Change c : changes) {
      if (c.from().isAfter(period)) {
        break;
      }
      found = new InForce(c.model(), Optional.of(c.from()));
    }
    return found;
  }
}
