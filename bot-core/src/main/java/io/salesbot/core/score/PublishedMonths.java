package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Awards;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublishedScore;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The scores in force of a range of months, and what a change of one month does to the pool. */
final class PublishedMonths {
  private PublishedMonths() {}

  /** A rep who joined or left the talent pool of a month. */
  record PoolChange(YearMonth month, Address rep, boolean joined) {}

  /** The scores of the version in force of each month in {@code [from, to]} that has one. */
  static Mono<Map<YearMonth, List<PublishedScore>>> load(
      Publications publications, YearMonth from, YearMonth to) {
    return load(publications, from, to, publications::version);
  }

  /** As {@link #load}, the scores without the records behind them ({@link Publications#shown}). */
  static Mono<Map<YearMonth, List<PublishedScore>>> loadShown(
      Publications publications, YearMonth from, YearMonth to) {
    return load(publications, from, to, publications::shown);
  }

  private static Mono<Map<YearMonth, List<PublishedScore>>> load(
      Publications publications,
      YearMonth from,
      YearMonth to,
      BiFunction<YearMonth, Integer, Mono<Publication>> read) {
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
      months.add(m);
    }
    return Flux.fromIterable(months)
        .concatMap(
            m ->
                publications
                    .state(m)
                    .filter(s -> s.inForce() > 0)
                    .flatMap(s -> read.apply(m, s.inForce())))
        .collectMap(Publication::period, Publication::scores)
        .map(HashMap::new);
  }

  /** {@code months} with {@code period}'s scores replaced ({@code null}: nothing in force). */
  static Map<YearMonth, List<PublishedScore>> with(
      Map<YearMonth, List<PublishedScore>> months,
      YearMonth period,
      @Nullable Publication inForce) {
    Map<YearMonth, List<PublishedScore>> copy = new HashMap<>(months);
    if (inForce == null) {
      copy.remove(period);
    } else {
      copy.put(period, inForce.scores());
    }
    return copy;
  }

  /**
   * Who joined and who left the talent pool of the months a change to {@code period} can reach (it
   * and the {@value Awards#STREAK} − 1 after it), from {@code before} to {@code after}.
   */
  static List<PoolChange> poolChanges(
      Map<YearMonth, List<PublishedScore>> before,
      Map<YearMonth, List<PublishedScore>> after,
      YearMonth period) {
    List<PoolChange> changes = new ArrayList<>();
    for (int ahead = 0; ahead < Awards.STREAK; ahead++) {
      YearMonth month = period.plusMonths(ahead);
      Set<Address> was = Awards.talentPool(before, month);
      Set<Address> is = Awards.talentPool(after, month);
      Set<Address> joined = new HashSet<>(is);
      joined.removeAll(was);
      Set<Address> left = new HashSet<>(was);
      left.removeAll(is);
      joined.stream()
          .sorted(java.util.Comparator.comparing(Address::toString))
          .forEach(r -> changes.add(new PoolChange(month, r, true)));
      left.stream()
          .sorted(java.util.Comparator.comparing(Address::toString))
          .forEach(r -> changes.add(new PoolChange(month, r, false)));
    }
    return changes;
  }
}
