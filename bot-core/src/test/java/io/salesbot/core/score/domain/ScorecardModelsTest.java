package io.salesbot.core.score.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Weights per period: the model of a month is the last change from it or before. */
class ScorecardModelsTest {
  private static final ScorecardModel SEED = ScorecardModel.defaults();

  /** A one-axis model whose single dimension's target tells the models apart. */
  private static ScorecardModel model(int target) {
    return new ScorecardModel(
        List.of(
            new Axis(
                "process",
                "过程质量",
                100,
                List.of(Dimension.of("visits", "客户拜访", Measure.VISITS, 100, "" + target)))));
  }

  @Test
  void a_change_applies_from_its_month_on_and_earlier_months_keep_theirs() {
    ScorecardModels models =
        new ScorecardModels(
            SEED,
            List.of(
                new ScorecardModels.Change(YearMonth.of(2026, 7), model(7)),
                new ScorecardModels.Change(YearMonth.of(2027, 1), model(1))));
    assertThat(models.forPeriod(YearMonth.of(2026, 6))).isEqualTo(SEED);
    assertThat(models.forPeriod(YearMonth.of(2026, 7))).isEqualTo(model(7)); // the boundary
    assertThat(models.forPeriod(YearMonth.of(2026, 12))).isEqualTo(model(7));
    assertThat(models.forPeriod(YearMonth.of(2027, 1))).isEqualTo(model(1));
    assertThat(models.forPeriod(YearMonth.of(2030, 1))).isEqualTo(model(1));
    assertThat(models.inForce(YearMonth.of(2026, 6)).from()).isEmpty();
    assertThat(models.inForce(YearMonth.of(2026, 9)).from()).contains(YearMonth.of(2026, 7));
    assertThat(ScorecardModels.defaults().forPeriod(YearMonth.of(2026, 11))).isEqualTo(SEED);
  }

  @Test
  void changes_must_be_in_order_and_each_month_used_once() {
    assertThatThrownBy(
            () ->
                new ScorecardModels(
                    SEED,
                    List.of(
                        new ScorecardModels.Change(YearMonth.of(2026, 7), model(7)),
                        new ScorecardModels.Change(YearMonth.of(2026, 7), model(8)))))
        .isInstanceOf(InvalidScorecardException.class)
        .hasMessage("changes[1].from: '2026-07' is used twice; each change needs its own month");
    assertThatThrownBy(
            () ->
                new ScorecardModels(
                    SEED,
                    List.of(
                        new ScorecardModels.Change(YearMonth.of(2026, 7), model(7)),
                        new ScorecardModels.Change(YearMonth.of(2026, 3), model(3)))))
        .hasMessage(
            "changes[1].from: must come after changes[0].from (2026-07), got 2026-03; list the"
                + " changes in order");
  }

  /** Over random schedules: each month gets the newest change not after it, else the initial. */
  @Property(tries = 200)
  void every_month_gets_the_newest_change_not_after_it(
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 60) Integer> offsets,
      @ForAll @IntRange(min = -12, max = 72) int probe) {
    YearMonth base = YearMonth.of(2026, 1);
    List<ScorecardModels.Change> changes = new ArrayList<>();
    for (int o : new TreeSet<>(offsets)) {
      changes.add(new ScorecardModels.Change(base.plusMonths(o), model(o + 1)));
    }
    ScorecardModels models = new ScorecardModels(SEED, changes);
    YearMonth month = base.plusMonths(probe);
    Optional<Integer> newest =
        new TreeSet<>(offsets).stream().filter(o -> o <= probe).reduce((a, b) -> b);
    ScorecardModel expected = newest.map(o -> model(o + 1)).orElse(SEED);
    assertThat(models.forPeriod(month)).isEqualTo(expected);
    assertThat(models.inForce(month).from()).isEqualTo(newest.map(base::plusMonths));
    // A later change never alters an earlier month.
    ScorecardModels later =
        new ScorecardModels(
            SEED, concat(changes, new ScorecardModels.Change(base.plusMonths(100), model(999))));
    assertThat(later.forPeriod(month)).isEqualTo(models.forPeriod(month));
  }

  private static List<ScorecardModels.Change> concat(
      List<ScorecardModels.Change> a, ScorecardModels.Change b) {
    List<ScorecardModels.Change> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }
}
