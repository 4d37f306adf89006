package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A contract of a rep's that a payment rate (回款率) looks at, with what was paid on it before the
 * period and in it: the payments naming its externalId (from any source), summed. With the period's
 * payments behind it when reduced in memory ({@link #of}); without when a store reduced them.
 *
 * @param amount the contract's {@code amount} (0 without one)
 * @param paidBefore Σ {@code amount} of the payments on it before the period
 * @param paidNow Σ {@code amount} of the payments on it in the period
 * @param records the records behind it: the contract, then the period's payments on it by source
 *     and externalId; empty when a store reduced them
 */
public record Receivable(
    Address rep,
    RecordKey contract,
    BigDecimal amount,
    BigDecimal paidBefore,
    BigDecimal paidNow,
    List<RecordKey> records) {
  public Receivable {
    records = List.copyOf(records);
  }

  /**
   * Each of {@code contracts} with the {@code payments} naming it, split at {@code begins} (the
   * period's start); deleted records are not counted: the reduction a store's {@code receivables}
   * read does in SQL, here in memory.
   */
  public static List<Receivable> of(
      List<SalesRecord> contracts, List<SalesRecord> payments, Instant begins) {
    Map<String, List<SalesRecord>> byContract = new HashMap<>();
    for (SalesRecord p : payments.stream().sorted(Tally.BY_KEY).toList()) {
      if (p.type() == RecordType.PAYMENT && !p.deleted()) {
        p.contract().ifPresent(c -> byContract.computeIfAbsent(c, k -> new ArrayList<>()).add(p));
      }
    }
    List<Receivable> out = new ArrayList<>();
    for (SalesRecord c : contracts.stream().sorted(Tally.BY_KEY).toList()) {
      if (c.type() != RecordType.CONTRACT || c.deleted()) {
        continue;
      }
      BigDecimal before = BigDecimal.ZERO;
      BigDecimal now = BigDecimal.ZERO;
      List<RecordKey> keys = new ArrayList<>(List.of(c.key()));
      for (SalesRecord p : byContract.getOrDefault(c.key().externalId(), List.of())) {
        BigDecimal amount = p.amount().orElse(BigDecimal.ZERO);
        if (p.occurredAt().isBefore(begins)) {
          before = before.add(amount);
        } else {
          now = now.add(amount);
          keys.add(p.key());
        }
      }
      out.add(
          new Receivable(c.rep(), c.key(), c.amount().orElse(BigDecimal.ZERO), before, now, keys));
    }
    return out;
  }

  /** The same without the records behind it, as a store's aggregate read gives it. */
  public Receivable withoutRecords() {
    return new Receivable(rep, contract, amount, paidBefore, paidNow, List.of());
  }
}
