package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A rep's scorecard as a publication froze it: what their card shows, and the versions of the
 * records it was computed from (so a published score can be traced even after corrections).
 *
 * @param axes axis scores by axis id, in the model's order
 * @param records the records behind the scores, each as {@code source/externalId@version}
 */
public record PublishedScore(
    Address rep,
    String team,
    BigDecimal composite,
    int teamRank,
    int companyRank,
    Map<String, BigDecimal> axes,
    @Nullable String strongest,
    @Nullable String weakest,
    List<String> records) {
  public PublishedScore {
    axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    records = List.copyOf(records);
  }

  /** A draft as it is frozen, with the record versions behind it. */
  public static PublishedScore of(Scorecard draft, List<String> records) {
    return new PublishedScore(
        draft.rep(),
        draft.team(),
        draft.composite(),
        draft.teamRank(),
        draft.companyRank(),
        draft.axes(),
        draft.strongest(),
        draft.weakest(),
        records);
  }
}
