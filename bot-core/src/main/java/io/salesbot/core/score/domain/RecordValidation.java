package io.salesbot.core.score.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validation rules a record must pass to be scored; a record that breaks any is quarantined
 * with every rule it breaks. Rules (codes as stored and answered):
 *
 * <ul>
 *   <li>{@code negative-amount}: no negative amount, duration or hours;
 *   <li>{@code amount-format}: amounts have at most two decimal places (fen) and are at most {@link
 *       RecordRules#maxAmount()};
 *   <li>{@code unknown-rep}: the rep is in the team directory;
 *   <li>{@code future-date}: not later than now plus {@link RecordRules#futureSkew()};
 *   <li>{@code closed-period}: inside the open months, unless flagged {@code backfill: true};
 *   <li>{@code unknown-contract}: a payment or assist names a known contract;
 *   <li>{@code payment-over-contract}: a contract's payments add up to at most {@link
 *       RecordRules#maxPaymentRatio()} of its amount;
 *   <li>{@code duplicate-payment}: no other payment of the same contract, amount and day under
 *       another externalId.
 * </ul>
 *
 * A tombstone is never quarantined: taking a record back is always allowed.
 */
public final class RecordValidation {
  private RecordValidation() {}

  /**
   * What the rules need to know beyond the record itself.
   *
   * @param repKnown whether the team directory knows the rep
   * @param contract the current contract a payment or assist names, if one is stored and counted
   * @param otherPayments the other counted, current payments of that contract (not this record)
   */
  public record Context(
      boolean repKnown, Optional<SalesRecord> contract, List<SalesRecord> otherPayments) {
    public Context {
      otherPayments = List.copyOf(otherPayments);
    }
  }

  public static List<Violation> check(
      SalesRecord r, Context context, RecordRules rules, Instant now) {
    List<Violation> out = new ArrayList<>();
    if (r.deleted()) {
      return out;
    }
    for (String f : List.of("amount", "duration", "hours")) {
      r.decimal(f)
          .filter(v -> v.signum() < 0)
          .ifPresent(v -> out.add(new Violation("negative-amount", f + " is negative: " + v)));
    }
    r.amount()
        .ifPresent(
            a -> {
              if (a.stripTrailingZeros().scale() > 2) {
                out.add(
                    new Violation(
                        "amount-format", "amount " + a + " has more than two decimal places"));
              }
              if (a.abs().compareTo(rules.maxAmount()) > 0) {
                out.add(
                    new Violation(
                        "amount-format",
                        "amount "
                            + a
                            + " is above the limit of "
                            + rules.maxAmount().toPlainString()));
              }
            });
    if (!context.repKnown()) {
      out.add(new Violation("unknown-rep", r.rep() + " is in no team"));
    }
    if (r.occurredAt().isAfter(now.plus(rules.futureSkew()))) {
      out.add(new Violation("future-date", "occurredAt " + r.occurredAt() + " is in the future"));
    } else if (!r.backfill() && rules.period(r.occurredAt()).isBefore(rules.firstOpen(now))) {
      out.add(
          new Violation(
              "closed-period",
              "period "
                  + rules.period(r.occurredAt())
                  + " is closed (open from "
                  + rules.firstOpen(now)
                  + "); send it with backfill: true"));
    }
    if (r.type() == RecordType.PAYMENT || r.type() == RecordType.ASSIST) {
      if (context.contract().isEmpty()) {
        out.add(
            new Violation(
                "unknown-contract", "no contract with externalId " + r.contract().orElse("?")));
      } else if (r.type() == RecordType.PAYMENT) {
        payment(r, context, rules, out);
      }
    }
    return out;
  }

  private static void payment(
      SalesRecord r, Context context, RecordRules rules, List<Violation> out) {
    BigDecimal amount = r.amount().orElse(BigDecimal.ZERO);
    BigDecimal contracted = context.contract().flatMap(SalesRecord::amount).orElse(BigDecimal.ZERO);
    BigDecimal paid = amount;
    for (SalesRecord p : context.otherPayments()) {
      paid = paid.add(p.amount().orElse(BigDecimal.ZERO));
    }
    BigDecimal limit = contracted.multiply(rules.maxPaymentRatio());
    if (paid.compareTo(limit) > 0) {
      String share =
          contracted.signum() == 0
              ? "∞"
              : paid.multiply(BigDecimal.valueOf(100))
                      .divide(contracted, 1, RoundingMode.HALF_UP)
                      .toPlainString()
                  + " %";
      out.add(
          new Violation(
              "payment-over-contract",
              "payments of contract "
                  + r.contract().orElse("?")
                  + " add up to "
                  + paid.toPlainString()
                  + " ("
                  + share
                  + " of "
                  + contracted.toPlainString()
                  + "), above "
                  + rules.maxPaymentRatio().movePointRight(2).stripTrailingZeros().toPlainString()
                  + " %"));
    }
    LocalDate day = r.occurredAt().atZone(rules.zone()).toLocalDate();
    for (SalesRecord p : context.otherPayments()) {
      boolean sameAmount = p.amount().map(a -> a.compareTo(amount) == 0).orElse(false);
      boolean sameDay = p.occurredAt().atZone(rules.zone()).toLocalDate().equals(day);
      if (sameAmount && sameDay && !p.key().externalId().equals(r.key().externalId())) {
        out.add(
            new Violation(
                "duplicate-payment",
                "payment "
                    + p.key()
                    + " has the same contract, amount "
                    + amount.toPlainString()
                    + " and day "
                    + day));
        break;
      }
    }
  }
}
