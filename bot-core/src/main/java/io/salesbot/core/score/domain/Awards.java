package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Awards, computed from published versions only — so a rollback, which changes the version in
 * force, changes them consistently and going forward again gives them back.
 *
 * <p><b>卓越贡献奖</b>: the population is every rep in the version (one scorecard model per month,
 * company-wide). The top {@value #TOP_PERCENT} % earn it: {@code ceil(N × 20 / 100)} places among
 * the N reps with a composite above zero, best first; a rep tied with the last place (equal
 * composite) is in too, so ties never split. A composite of zero earns nothing.
 *
 * <p><b>人才池</b>: a rep who earned 卓越贡献奖 in the versions in force of {@value #STREAK} consecutive
 * months, the month itself and the two before (a month with nothing published breaks the streak).
 */
public final class Awards {
  /** The share of the population that earns 卓越贡献奖, percent. */
  public static final int TOP_PERCENT = 20;

  /** How many consecutive published months in the top put a rep in the talent pool. */
  public static final int STREAK = 3;

  private Awards() {}

  /** The places {@code n} scored reps give (before ties): {@code ceil(n × 20 / 100)}. */
  public static int places(int n) {
    return (n * TOP_PERCENT + 99) / 100;
  }

  /** The reps of one version who earn 卓越贡献奖. */
  public static Set<Address> excellence(List<PublishedScore> population) {
    List<PublishedScore> scored =
        population.stream()
            .filter(s -> s.composite().signum() > 0)
            .sorted(Comparator.comparing(PublishedScore::composite).reversed())
            .toList();
    if (scored.isEmpty()) {
      return Set.of();
    }
    BigDecimal boundary = scored.get(places(scored.size()) - 1).composite();
    return scored.stream()
        .filter(s -> s.composite().compareTo(boundary) >= 0)
        .map(PublishedScore::rep)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The reps in the talent pool as of {@code month}: top in the versions in force of it and the
   * {@value #STREAK} − 1 months before; {@code inForce} holds the scores of each month's version in
   * force (a month absent from it has nothing published).
   */
  public static Set<Address> talentPool(
      Map<YearMonth, List<PublishedScore>> inForce, YearMonth month) {
    Set<Address> pool = null;
    for (int back = 0; back < STREAK; back++) {
      List<PublishedScore> scores = inForce.get(month.minusMonths(back));
      if (scores == null) {
        return Set.of();
      }
      Set<Address> top = excellence(scores);
      if (pool == null) {
        pool = new HashSet<>(top);
      } else {
        pool.retainAll(top);
      }
    }
    return Set.copyOf(pool);
  }
}
