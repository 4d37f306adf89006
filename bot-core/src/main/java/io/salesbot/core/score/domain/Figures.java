package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A period's figures per rep and dimension, from the records, with the records behind each. */
final class Figures {
  /** Months before the period whose contracts a payment rate looks at. */
  static final int RECEIVABLE_MONTHS = 12;

  private static final int SCALE = 4;
  private static final Comparator<SalesRecord> ORDER =
      Comparator.comparing((SalesRecord r) -> r.key().source())
          .thenComparing(r -> r.key().externalId());

  record Figure(@Nullable BigDecimal value, List<RecordKey> records) {}

  private final ScoreInput input;
  private final Map<Address, List<SalesRecord>> inPeriod = new HashMap<>();
  private final Map<Address, List<SalesRecord>> before = new HashMap<>();
  private final Map<String, List<SalesRecord>> paymentsByContract = new HashMap<>();

  Figures(ScoreInput input) {
    this.input = input;
    YearMonth earliest = input.period().minusMonths(RECEIVABLE_MONTHS);
    for (SalesRecord r : input.records().stream().sorted(ORDER).toList()) {
      if (r.deleted()) {
        continue;
      }
      YearMonth month = YearMonth.from(r.occurredAt().atZone(input.zone()));
      if (month.equals(input.period())) {
        inPeriod.computeIfAbsent(r.rep(), k -> new ArrayList<>()).add(r);
      } else if (month.isBefore(input.period()) && !month.isBefore(earliest)) {
        before.computeIfAbsent(r.rep(), k -> new ArrayList<>()).add(r);
      }
      if (r.type() == RecordType.PAYMENT && !month.isAfter(input.period())) {
        r.contract()
            .ifPresent(c -> paymentsByContract.computeIfAbsent(c, k -> new ArrayList<>()).add(r));
      }
    }
  }

  Figure of(Address rep, Dimension dim) {
    List<SalesRecord> mine = inPeriod.getOrDefault(rep, List.of());
    List<SalesRecord> metrics =
        mine.stream()
            .filter(r -> r.type() == RecordType.METRIC)
            .filter(r -> dim.id().equals(r.fields().get("dimension")))
            .toList();
    if (!metrics.isEmpty() || dim.measure() == Measure.METRIC_SUM) {
      return combine(metrics, "value", dim.measure().averaged());
    }
    return switch (dim.measure()) {
      case CONTRACT_AMOUNT -> combine(of(mine, RecordType.CONTRACT), "amount", false);
      case PAYMENT_RATE -> paymentRate(rep);
      case NEW_CUSTOMERS -> count(of(mine, RecordType.NEW_CUSTOMER));
      case VISITS -> count(of(mine, RecordType.VISIT));
      case KNOWLEDGE_SHARES -> count(of(mine, RecordType.KNOWLEDGE_SHARE));
      case ASSISTS -> count(of(mine, RecordType.ASSIST));
      case MENTORING_HOURS -> combine(of(mine, RecordType.MENTORING), "hours", false);
      case SATISFACTION -> combine(of(mine, RecordType.SATISFACTION), "score", true);
      case METRIC_SUM, METRIC_AVERAGE -> new Figure(null, List.of());
    };
  }

  /**
   * Paid in the period on the rep's contracts of the twelve months before it, divided by what was
   * still owed on them when the period began.
   */
  private Figure paymentRate(Address rep) {
    BigDecimal owed = BigDecimal.ZERO;
    BigDecimal paid = BigDecimal.ZERO;
    List<RecordKey> keys = new ArrayList<>();
    for (SalesRecord contract : of(before.getOrDefault(rep, List.of()), RecordType.CONTRACT)) {
      BigDecimal paidBefore = BigDecimal.ZERO;
      BigDecimal paidNow = BigDecimal.ZERO;
      List<RecordKey> paymentKeys = new ArrayList<>();
      for (SalesRecord p :
          paymentsByContract.getOrDefault(contract.key().externalId(), List.of())) {
        BigDecimal amount = p.amount().orElse(BigDecimal.ZERO);
        if (YearMonth.from(p.occurredAt().atZone(input.zone())).equals(input.period())) {
          paidNow = paidNow.add(amount);
          paymentKeys.add(p.key());
        } else {
          paidBefore = paidBefore.add(amount);
        }
      }
      BigDecimal open = contract.amount().orElse(BigDecimal.ZERO).subtract(paidBefore);
      if (open.signum() > 0) {
        owed = owed.add(open);
        paid = paid.add(paidNow.min(open));
        keys.add(contract.key());
        keys.addAll(paymentKeys);
      }
    }
    if (owed.signum() <= 0) {
      return new Figure(null, List.of());
    }
    return new Figure(paid.divide(owed, SCALE, RoundingMode.HALF_UP), keys);
  }

  private static List<SalesRecord> of(List<SalesRecord> records, RecordType type) {
    return records.stream().filter(r -> r.type() == type).toList();
  }

  private static Figure count(List<SalesRecord> records) {
    return new Figure(BigDecimal.valueOf(records.size()), keys(records));
  }

  private static Figure combine(List<SalesRecord> records, String field, boolean average) {
    if (records.isEmpty()) {
      return new Figure(average ? null : BigDecimal.ZERO, List.of());
    }
    BigDecimal sum =
        records.stream()
            .map(r -> r.decimal(field).orElse(BigDecimal.ZERO))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal value =
        average ? sum.divide(BigDecimal.valueOf(records.size()), SCALE, RoundingMode.HALF_UP) : sum;
    return new Figure(value, keys(records));
  }

  private static List<RecordKey> keys(List<SalesRecord> records) {
    return records.stream().map(SalesRecord::key).toList();
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
