package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One published version of a month's scorecards (1, 2, …): immutable once stored. {@code withheld}
 * are the reps who had an open hold when it was frozen: their scores are in it, but their cards
 * wait until the hold is lifted.
 *
 * @param scores every rep's frozen scorecard, best first
 */
public record Publication(
    YearMonth period,
    int version,
    Instant publishedAt,
    Address publishedBy,
    List<PublishedScore> scores,
    Set<Address> withheld) {
  public Publication {
    scores = List.copyOf(scores);
    withheld = Set.copyOf(withheld);
    if (version < 1) {
      throw new IllegalArgumentException("publication versions start at 1");
    }
  }

  public Optional<PublishedScore> score(Address rep) {
    return scores.stream().filter(s -> s.rep().equals(rep)).findFirst();
  }
}
