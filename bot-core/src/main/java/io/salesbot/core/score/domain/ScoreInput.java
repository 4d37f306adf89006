package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * What a period's scores are computed from.
 *
 * @param period the month scored
 * @param zone the time zone months are counted in (the organisation's, Asia/Shanghai by default)
 * @param teams every rep to score, with their team id
 * @param records the counted records (current versions, neither quarantined nor deleted) of the
 *     period and of the twelve months before it (for {@link Measure#PAYMENT_RATE}); others are
 *     ignored
 * @param history per dimension id, each rep's figures of earlier periods, oldest first, for targets
 *     taken from a rep's own history
 */
public record ScoreInput(
    YearMonth period,
    ZoneId zone,
    Map<Address, String> teams,
    List<SalesRecord> records,
    Map<String, Map<Address, List<BigDecimal>>> history) {
  public ScoreInput {
    teams = Map.copyOf(teams);
    records = List.copyOf(records);
    history = Map.copyOf(history);
  }
}
