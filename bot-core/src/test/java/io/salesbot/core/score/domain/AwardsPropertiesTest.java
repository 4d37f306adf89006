package io.salesbot.core.score.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * 卓越贡献奖 and the talent pool over random populations: awards are a subset of the population, their
 * count follows the ceil rule (more only by ties at the boundary), and a rollback followed by going
 * forward again gives back the same awards and pool.
 */
class AwardsPropertiesTest {
  private static final YearMonth JAN = YearMonth.of(2027, 1);

  /** Reps r0…rn with these composites (hundredths), ranked by the calculator's rule. */
  private static List<PublishedScore> population(List<Integer> hundredths) {
    List<PublishedScore> scores = new ArrayList<>();
    for (int i = 0; i < hundredths.size(); i++) {
      scores.add(
          new PublishedScore(
              Address.parse("sandbox:r" + i),
              "east",
              BigDecimal.valueOf(hundredths.get(i), 2),
              i + 1,
              i + 1,
              Map.of(),
              null,
              null,
              List.of()));
    }
    return scores;
  }

  @Property(tries = 500)
  void awards_are_the_top_places_of_the_population_ties_included(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 300) Integer> composites) {
    List<PublishedScore> population = population(composites);
    Set<Address> awards = Awards.excellence(population);

    Set<Address> everyone =
        population.stream().map(PublishedScore::rep).collect(Collectors.toSet());
    assertThat(everyone).containsAll(awards);
    List<PublishedScore> scored =
        population.stream().filter(s -> s.composite().signum() > 0).toList();
    int places = Awards.places(scored.size());
    assertThat(places).isEqualTo((int) Math.ceil(scored.size() * 0.2));
    if (scored.isEmpty()) {
      assertThat(awards).isEmpty();
      return;
    }
    assertThat(awards).hasSizeGreaterThanOrEqualTo(places);
    // every awarded rep is at least as good as every rep left out, and nobody at zero is in
    BigDecimal lowestIn =
        population.stream()
            .filter(s -> awards.contains(s.rep()))
            .map(PublishedScore::composite)
            .min(BigDecimal::compareTo)
            .orElseThrow();
    assertThat(lowestIn.signum()).isPositive();
    assertThat(population.stream().filter(s -> !awards.contains(s.rep())).toList())
        .allSatisfy(s -> assertThat(s.composite()).isLessThan(lowestIn));
    // more than the places only through reps tied with the last place
    long aboveBoundary =
        population.stream().filter(s -> s.composite().compareTo(lowestIn) > 0).count();
    assertThat(aboveBoundary).isLessThan(places);
    if (scored.stream().map(PublishedScore::composite).distinct().count() == scored.size()) {
      assertThat(awards).hasSize(places);
    }
  }

  @Property(tries = 300)
  void rolling_back_then_forward_gives_back_the_same_awards_and_pool(
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 300) Integer> nov,
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 300) Integer> dec,
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 300) Integer> janV1,
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 300) Integer> janV2) {
    Map<YearMonth, List<PublishedScore>> v2InForce = new HashMap<>();
    v2InForce.put(JAN.minusMonths(2), population(nov));
    v2InForce.put(JAN.minusMonths(1), population(dec));
    v2InForce.put(JAN, population(janV2));
    Set<Address> awards = Awards.excellence(v2InForce.get(JAN));
    Set<Address> pool = Awards.talentPool(v2InForce, JAN);

    Map<YearMonth, List<PublishedScore>> rolledBack = new HashMap<>(v2InForce);
    rolledBack.put(JAN, population(janV1));
    Awards.talentPool(rolledBack, JAN);
    Map<YearMonth, List<PublishedScore>> forward = new HashMap<>(rolledBack);
    forward.put(JAN, population(janV2));

    assertThat(Awards.excellence(forward.get(JAN))).isEqualTo(awards);
    assertThat(Awards.talentPool(forward, JAN)).isEqualTo(pool);
    // the pool is exactly the reps awarded in all three months
    Set<Address> all3 = new java.util.HashSet<>(awards);
    all3.retainAll(Awards.excellence(v2InForce.get(JAN.minusMonths(1))));
    all3.retainAll(Awards.excellence(v2InForce.get(JAN.minusMonths(2))));
    assertThat(pool).isEqualTo(all3);
  }

  @Test
  void a_month_without_a_published_version_breaks_the_streak() {
    List<PublishedScore> one = population(List.of(500, 100, 0));
    Map<YearMonth, List<PublishedScore>> months = new HashMap<>();
    months.put(JAN, one);
    months.put(JAN.minusMonths(2), one);
    assertThat(Awards.talentPool(months, JAN)).isEmpty();
    months.put(JAN.minusMonths(1), one);
    assertThat(Awards.talentPool(months, JAN)).containsExactly(Address.parse("sandbox:r0"));
  }

  @Test
  void ties_at_the_boundary_are_all_in() {
    // 10 scored reps → 2 places; the 2nd, 3rd and 4th are tied at 80.00
    List<PublishedScore> p =
        population(List.of(9000, 8000, 8000, 8000, 7000, 6000, 5000, 4000, 3000, 2000, 0));
    assertThat(Awards.excellence(p)).hasSize(4);
  }
}
