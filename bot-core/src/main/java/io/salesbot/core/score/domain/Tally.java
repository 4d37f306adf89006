package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A rep's counted records of one kind in a period, reduced to what a figure needs: how many there
 * are and the sum of the one field their dimensions add up ({@link #summed}); a {@code metric}'s
 * kind includes the dimension it names. With the records behind it when reduced in memory ({@link
 * #of}); without when a store reduced them ({@link #withoutRecords}).
 *
 * @param dimension the {@code dimension} field of a {@code metric}; null for every other type
 * @param sum Σ of the summed field, a record without it counting 0; 0 for a type that sums nothing
 * @param records the records counted, by source and externalId; empty when a store reduced them
 */
public record Tally(
    Address rep,
    RecordType type,
    @Nullable String dimension,
    long count,
    BigDecimal sum,
    List<RecordKey> records) {
  /** Records by source, then externalId: the order of the records behind a figure. */
  static final Comparator<SalesRecord> BY_KEY =
      Comparator.comparing((SalesRecord r) -> r.key().source())
          .thenComparing(r -> r.key().externalId());

  private static final Map<RecordType, String> SUMMED =
      Map.of(
          RecordType.CONTRACT, "amount",
          RecordType.PAYMENT, "amount",
          RecordType.MENTORING, "hours",
          RecordType.SATISFACTION, "score",
          RecordType.METRIC, "value");

  public Tally {
    records = List.copyOf(records);
  }

  /** The field a type's figures add up (or average), if any. */
  public static Optional<String> summed(RecordType type) {
    return Optional.ofNullable(SUMMED.get(type));
  }

  /**
   * The tallies of some records (deleted ones are not counted), one per rep and kind: the reduction
   * a store's {@code tallies} read does in SQL, here in memory, with the records behind each.
   */
  public static List<Tally> of(List<SalesRecord> records) {
    record Kind(Address rep, RecordType type, @Nullable String dimension) {}
    Map<Kind, List<SalesRecord>> byKind = new LinkedHashMap<>();
    for (SalesRecord r : records.stream().sorted(BY_KEY).toList()) {
      if (r.deleted()) {
        continue;
      }
      String dimension = r.type() == RecordType.METRIC ? r.fields().get("dimension") : null;
      byKind.computeIfAbsent(new Kind(r.rep(), r.type(), dimension), k -> new ArrayList<>()).add(r);
    }
    List<Tally> tallies = new ArrayList<>(byKind.size());
    byKind.forEach(
        (kind, rs) -> {
          BigDecimal sum = BigDecimal.ZERO;
          String field = SUMMED.get(kind.type());
          for (SalesRecord r : rs) {
            if (field != null) {
              sum = sum.add(r.decimal(field).orElse(BigDecimal.ZERO));
            }
          }
          tallies.add(
              new Tally(
                  kind.rep(),
                  kind.type(),
                  kind.dimension(),
                  rs.size(),
                  sum,
                  rs.stream().map(SalesRecord::key).toList()));
        });
    return tallies;
  }

  /** The same tally without the records behind it, as a store's aggregate read gives it. */
  public Tally withoutRecords() {
    return new Tally(rep, type, dimension, count, sum, List.of());
  }
}
