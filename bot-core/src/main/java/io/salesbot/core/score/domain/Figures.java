package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A period's figures per rep and dimension, from its {@link Tallies}, with the records behind each
 * (none when a store reduced the records).
 */
final class Figures {
  /** Months before the period whose contracts a payment rate looks at. */
  static final int RECEIVABLE_MONTHS = 12;

  private static final int SCALE = 4;
  private static final Comparator<Receivable> BY_CONTRACT =
      Comparator.comparing((Receivable r) -> r.contract().source())
          .thenComparing(r -> r.contract().externalId());

  record Figure(@Nullable BigDecimal value, List<RecordKey> records) {}

  private record Kind(RecordType type, @Nullable String dimension) {}

  private final Map<Address, Map<Kind, Tally>> inPeriod = new HashMap<>();
  private final Map<Address, List<Receivable>> receivables = new HashMap<>();

  Figures(Tallies tallies) {
    for (Tally t : tallies.inPeriod()) {
      inPeriod
          .computeIfAbsent(t.rep(), k -> new HashMap<>())
          .put(new Kind(t.type(), t.dimension()), t);
    }
    for (Receivable r : tallies.receivables().stream().sorted(BY_CONTRACT).toList()) {
      receivables.computeIfAbsent(r.rep(), k -> new ArrayList<>()).add(r);
    }
  }

  Figure of(Address rep, Dimension dim) {
    Map<Kind, Tally> mine = inPeriod.getOrDefault(rep, Map.of());
    Tally metrics = mine.get(new Kind(RecordType.METRIC, dim.id()));
    if (metrics != null || dim.measure() == Measure.METRIC_SUM) {
      return combine(metrics, dim.measure().averaged());
    }
    return switch (dim.measure()) {
      case CONTRACT_AMOUNT -> combine(mine.get(kind(RecordType.CONTRACT)), false);
      case PAYMENT_RATE -> paymentRate(rep);
      case NEW_CUSTOMERS -> count(mine.get(kind(RecordType.NEW_CUSTOMER)));
      case VISITS -> count(mine.get(kind(RecordType.VISIT)));
      case KNOWLEDGE_SHARES -> count(mine.get(kind(RecordType.KNOWLEDGE_SHARE)));
      case ASSISTS -> count(mine.get(kind(RecordType.ASSIST)));
      case MENTORING_HOURS -> combine(mine.get(kind(RecordType.MENTORING)), false);
      case SATISFACTION -> combine(mine.get(kind(RecordType.SATISFACTION)), true);
      case METRIC_SUM, METRIC_AVERAGE -> new Figure(null, List.of());
    };
  }

  private static Kind kind(RecordType type) {
    return new Kind(type, null);
  }

  /**
   * Paid in the period on the rep's contracts of the twelve months before it, divided by what was
   * still owed on them when the period began.
   */
  private Figure paymentRate(Address rep) {
    BigDecimal owed = BigDecimal.ZERO;
    BigDecimal paid = BigDecimal.ZERO;
    List<RecordKey> keys = new ArrayList<>();
    for (Receivable contract : receivables.getOrDefault(rep, List.of())) {
      BigDecimal open = contract.amount().subtract(contract.paidBefore());
      if (open.signum() > 0) {
        owed = owed.add(open);
        paid = paid.add(contract.paidNow().min(open));
        keys.addAll(contract.records());
      }
    }
    if (owed.signum() <= 0) {
      return new Figure(null, List.of());
    }
    return new Figure(paid.divide(owed, SCALE, RoundingMode.HALF_UP), keys);
  }

  private static Figure count(@Nullable Tally t) {
    return t == null
        ? new Figure(BigDecimal.ZERO, List.of())
        : new Figure(BigDecimal.valueOf(t.count()), t.records());
  }

  private static Figure combine(@Nullable Tally t, boolean average) {
    if (t == null) {
      return new Figure(average ? null : BigDecimal.ZERO, List.of());
    }
    BigDecimal value =
        average
            ? t.sum().divide(BigDecimal.valueOf(t.count()), SCALE, RoundingMode.HALF_UP)
            : t.sum();
    return new Figure(value, t.records());
  }

  /** The median of some figures, or empty when there are none. */
  static Optional<BigDecimal> median(List<BigDecimal> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<BigDecimal> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n % 2 == 1) {
      return Optional.of(sorted.get(n / 2));
    }
    return Optional.of(
        sorted
            .get(n / 2 - 1)
            .add(sorted.get(n / 2))
            .divide(BigDecimal.valueOf(2), SCALE, RoundingMode.HALF_UP));
  }
}
