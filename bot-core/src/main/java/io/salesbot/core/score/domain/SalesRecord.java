package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One record as a source sent it, parsed: its key, type, rep, when it happened, whether it is a
 * tombstone ({@code deleted}) or a declared backfill, and its type fields as text (decimals in
 * their plain form, so that {@code 100.5} and {@code 100.50} stay distinguishable).
 */
public record SalesRecord(
    RecordKey key,
    RecordType type,
    Address rep,
    Instant occurredAt,
    boolean deleted,
    boolean backfill,
    Map<String, String> fields) {
  public SalesRecord {
    fields = java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  /** The {@code amount} of a contract or payment. */
  public Optional<BigDecimal> amount() {
    return decimal("amount");
  }

  /** A decimal field, if present. */
  public Optional<BigDecimal> decimal(String field) {
    String v = fields.get(field);
    return v == null ? Optional.empty() : Optional.of(new BigDecimal(v));
  }

  /** The contract a payment or an assist names (the contract's externalId). */
  public Optional<String> contract() {
    return Optional.ofNullable(fields.get("contract"));
  }

  /**
   * Whether another submission carries the same values: then it is a repeat, not a correction. The
   * backfill flag says how a record arrived, not what it is, so it does not count.
   */
  public boolean sameValuesAs(SalesRecord other) {
    return type == other.type
        && rep.equals(other.rep)
        && occurredAt.equals(other.occurredAt)
        && deleted == other.deleted
        && fields.equals(other.fields);
  }
}
