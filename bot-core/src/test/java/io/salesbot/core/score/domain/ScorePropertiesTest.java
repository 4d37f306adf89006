package io.salesbot.core.score.domain;

import static io.salesbot.core.score.domain.ScoreFixtures.LI;
import static io.salesbot.core.score.domain.ScoreFixtures.WANG;
import static io.salesbot.core.score.domain.ScoreFixtures.ZHANG;
import static io.salesbot.core.score.domain.ScoreFixtures.input;
import static io.salesbot.core.score.domain.ScoreFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The properties of scoring, over random months of records. */
class ScorePropertiesTest {
  private static final ScorecardModel MODEL = ScorecardModel.defaults();
  private static final Address ZHAO = new Address("wecom", "zhaoliu");
  private static final Map<Address, String> TEAMS =
      Map.of(ZHANG, "east", LI, "east", WANG, "west", ZHAO, "west");
  private static final List<Address> REPS = List.of(ZHANG, LI, WANG, ZHAO);

  /** A random month of records for the four reps, with contracts of earlier months to pay. */
  private static List<SalesRecord> month(long seed, int size) {
    Random random = new Random(seed);
    List<SalesRecord> records = new ArrayList<>();
    List<String> earlier = new ArrayList<>();
    for (Address rep : REPS) {
      SalesRecord c =
          record(
              RecordType.CONTRACT,
              rep,
              LocalDate.of(2026, 1 + random.nextInt(2), 1 + random.nextInt(28)),
              "customer",
              "老客户",
              "amount",
              String.valueOf(10_000 + random.nextInt(200_000)));
      records.add(c);
      earlier.add(c.key().externalId());
    }
    for (int i = 0; i < size; i++) {
      records.add(good(random, REPS.get(random.nextInt(REPS.size())), earlier));
    }
    if (random.nextBoolean()) {
      records.add(record(RecordType.METRIC, ZHANG, 31, "dimension", "follow-up", "value", "0.8"));
    }
    return records;
  }

  /** A record that is good news for its rep, dated in March. */
  private static SalesRecord good(Random random, Address rep, List<String> earlier) {
    int day = 1 + random.nextInt(31);
    return switch (random.nextInt(7)) {
      case 0 ->
          record(
              RecordType.CONTRACT,
              rep,
              day,
              "customer",
              "新客户",
              "amount",
              String.valueOf(1 + random.nextInt(300_000)));
      case 1 ->
          record(
              RecordType.PAYMENT,
              rep,
              day,
              "contract",
              earlier.get(random.nextInt(earlier.size())),
              "amount",
              String.valueOf(1 + random.nextInt(80_000)));
      case 2 -> record(RecordType.NEW_CUSTOMER, rep, day, "customer", "新客户");
      case 3 -> record(RecordType.VISIT, rep, day, "customer", "甲", "duration", "30");
      case 4 -> record(RecordType.KNOWLEDGE_SHARE, rep, day, "title", "经验");
      case 5 -> record(RecordType.ASSIST, rep, day, "contract", "c-" + random.nextInt(9));
      default ->
          record(
              RecordType.MENTORING,
              rep,
              day,
              "mentee",
              "wecom:xiaoming",
              "hours",
              String.valueOf(1 + random.nextInt(6)));
    };
  }

  private static Scorecard of(List<Scorecard> cards, Address rep) {
    return cards.stream().filter(c -> c.rep().equals(rep)).findFirst().orElseThrow();
  }

  @Property(tries = 300)
  void more_of_a_good_record_never_lowers_a_score(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 60) int size) {
    List<SalesRecord> records = month(seed, size);
    Random random = new Random(seed ^ 0x5eed);
    Address rep = REPS.get(random.nextInt(REPS.size()));
    List<String> earlier =
        records.subList(0, REPS.size()).stream().map(r -> r.key().externalId()).toList();
    List<SalesRecord> more = new ArrayList<>(records);
    more.add(good(random, rep, earlier));

    Scorecard before = of(ScoreCalculator.compute(MODEL, input(TEAMS, records)), rep);
    Scorecard after = of(ScoreCalculator.compute(MODEL, input(TEAMS, more)), rep);
    assertThat(after.composite()).isGreaterThanOrEqualTo(before.composite());
    for (DimensionScore d : before.dimensions()) {
      DimensionScore then = after.dimension(d.id());
      if (d.score() != null) {
        assertThat(then.score()).as(d.id()).isNotNull().isGreaterThanOrEqualTo(d.score());
      }
    }
  }

  @Property(tries = 200)
  void scores_stay_within_floor_cap_and_zero_to_hundred_and_ranks_are_permutations(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int size) {
    List<Scorecard> cards = ScoreCalculator.compute(MODEL, input(TEAMS, month(seed, size)));
    assertThat(cards.stream().map(Scorecard::companyRank))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, REPS.size()).boxed().toList());
    for (String team : List.of("east", "west")) {
      assertThat(cards.stream().filter(c -> c.team().equals(team)).map(Scorecard::teamRank))
          .containsExactly(1, 2);
    }
    for (int i = 1; i < cards.size(); i++) {
      assertThat(cards.get(i).composite()).isLessThanOrEqualTo(cards.get(i - 1).composite());
    }
    for (Scorecard c : cards) {
      assertThat(c.composite()).isBetween(BigDecimal.ZERO, BigDecimal.valueOf(100));
      for (DimensionScore d : c.dimensions()) {
        if (d.score() != null) {
          assertThat(d.score()).isBetween(BigDecimal.ZERO, BigDecimal.valueOf(100));
        }
      }
    }
  }

  @Property(tries = 100)
  void recomputing_from_the_same_records_in_any_order_is_identical(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int size) {
    List<SalesRecord> records = month(seed, size);
    List<SalesRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(ScoreCalculator.compute(MODEL, input(TEAMS, shuffled)).toString())
        .isEqualTo(ScoreCalculator.compute(MODEL, input(TEAMS, records)).toString());
  }

  @Property(tries = 200)
  void weights_that_do_not_sum_to_100_are_refused_naming_where(
      @ForAll @IntRange(min = 1, max = 100) int a, @ForAll @IntRange(min = 1, max = 100) int b) {
    Dimension one = Dimension.of("one", "一", Measure.VISITS, 100, "1");
    Dimension two = Dimension.of("two", "二", Measure.ASSISTS, 100, "1");
    List<Axis> axes =
        List.of(new Axis("x", "甲", a, List.of(one)), new Axis("y", "乙", b, List.of(two)));
    if (a + b == 100) {
      assertThat(new ScorecardModel(axes).dimensions()).hasSize(2);
    } else {
      assertThatThrownBy(() -> new ScorecardModel(axes))
          .isInstanceOf(InvalidScorecardException.class)
          .hasMessageContaining("axes: the axes' weights must sum to 100, they sum to " + (a + b));
    }
  }
}
