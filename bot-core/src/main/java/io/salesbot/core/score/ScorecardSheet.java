package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Awards;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublishedScore;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What every scorecard card of one version shares, worked out once for all of them: the team sizes,
 * the award winners and each month's composites by rep (a version of 5,000 reps would otherwise be
 * searched through for every card).
 */
public final class ScorecardSheet {
  private final Publication publication;
  private final Map<String, Long> teamSizes;
  private final Set<Address> awards;
  private final Map<YearMonth, Map<Address, BigDecimal>> composites = new HashMap<>();

  /**
   * @param months the scores in force of the months before the version's (its trend)
   */
  public ScorecardSheet(Publication p, Map<YearMonth, List<PublishedScore>> months) {
    this.publication = p;
    this.teamSizes =
        p.scores().stream()
            .collect(Collectors.groupingBy(PublishedScore::team, Collectors.counting()));
    this.awards = Awards.excellence(p.scores());
    months.forEach((month, scores) -> composites.put(month, byRep(scores)));
    composites.put(p.period(), byRep(p.scores()));
  }

  private static Map<Address, BigDecimal> byRep(List<PublishedScore> scores) {
    Map<Address, BigDecimal> out = new HashMap<>();
    scores.forEach(s -> out.putIfAbsent(s.rep(), s.composite()));
    return out;
  }

  public Publication publication() {
    return publication;
  }

  long teamSize(String team) {
    return teamSizes.getOrDefault(team, 0L);
  }

  boolean award(Address rep) {
    return awards.contains(rep);
  }

  /** The rep's composite in force in {@code month}; null when none. */
  @Nullable BigDecimal composite(YearMonth month, Address rep) {
    Map<Address, BigDecimal> scores = composites.get(month);
    return scores == null ? null : scores.get(rep);
  }
}
