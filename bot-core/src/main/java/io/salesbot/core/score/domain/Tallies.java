package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a period's figures are computed from: its counted records reduced per rep and kind ({@link
 * Tally}) and the contracts its payment rates look at with what was paid on them ({@link
 * Receivable}). Reduced in memory from the records ({@link #of}, with the records behind each
 * figure) or by a store in SQL (without them): the same figures either way.
 *
 * @param period the month scored
 * @param teams every rep to score, with their team id
 * @param inPeriod the tallies of the period's counted records
 * @param receivables the rep's contracts of the {@value Figures#RECEIVABLE_MONTHS} months before
 *     the period, with the payments on them of the months read before it and of the period
 * @param history per dimension id, each rep's figures of earlier periods, oldest first, for targets
 *     taken from a rep's own history
 */
public record Tallies(
    YearMonth period,
    Map<Address, String> teams,
    List<Tally> inPeriod,
    List<Receivable> receivables,
    Map<String, Map<Address, List<BigDecimal>>> history) {
  public Tallies {
    teams = Map.copyOf(teams);
    inPeriod = List.copyOf(inPeriod);
    receivables = List.copyOf(receivables);
    history = Map.copyOf(history);
  }

  /** A score input's records reduced in memory, with the records behind each tally. */
  public static Tallies of(ScoreInput input) {
    YearMonth earliest = input.period().minusMonths(Figures.RECEIVABLE_MONTHS);
    List<SalesRecord> inPeriod = new ArrayList<>();
    List<SalesRecord> contracts = new ArrayList<>();
    List<SalesRecord> payments = new ArrayList<>();
    for (SalesRecord r : input.records()) {
      YearMonth month = YearMonth.from(r.occurredAt().atZone(input.zone()));
      if (month.equals(input.period())) {
        inPeriod.add(r);
      } else if (r.type() == RecordType.CONTRACT
          && month.isBefore(input.period())
          && !month.isBefore(earliest)) {
        contracts.add(r);
      }
      if (r.type() == RecordType.PAYMENT && !month.isAfter(input.period())) {
        payments.add(r);
      }
    }
    return new Tallies(
        input.period(),
        input.teams(),
        Tally.of(inPeriod),
        Receivable.of(
            contracts, payments, input.period().atDay(1).atStartOfDay(input.zone()).toInstant()),
        input.history());
  }
}
