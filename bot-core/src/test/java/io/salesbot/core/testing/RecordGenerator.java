package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Records;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordStatus;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.Release;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.score.domain.Violation;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random months of scorecard records stored through {@link Records#append} (and {@link
 * Records#release}), with what makes scoring's reads differ if they can: every type; decimals of
 * several scales, missing amounts and hours; metrics for the default model's dimensions (also
 * overriding salesbot's own figures) and without one; the same contract externalId from two
 * sources; payments on earlier contracts, on unknown ones and before the contract; corrections,
 * tombstones, quarantined and released versions; records on the first and last instant of a month.
 * The same seed stores the same records.
 */
public final class RecordGenerator {
  private static final String[] METRIC_DIMENSIONS = {
    "proposals", "follow-up", "follow-up", "payment-rate", "contract-amount", "visits", "unknown"
  };
  private static final String[] DECIMALS = {"0", "1", "2.5", "2.50", "0.125", "3.0", "10.05"};

  private final Random random;
  private final ZoneId zone;
  private final List<Address> reps;
  private final List<String> contracts = new ArrayList<>();
  private final Map<RecordKey, Integer> versions = new HashMap<>();
  private int next;

  private RecordGenerator(long seed, ZoneId zone, List<Address> reps) {
    this.random = new Random(seed);
    this.zone = zone;
    this.reps = reps;
  }

  /** {@code count} reps, {@code wecom:gen000} …. */
  public static List<Address> reps(int count) {
    List<Address> reps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      reps.add(Address.parse(String.format("wecom:gen%03d", i)));
    }
    return reps;
  }

  /**
   * Stores about {@code perRepMonth} records per rep and month for the {@code months} months up to
   * {@code last}, oldest first.
   */
  public static void fill(
      Records store,
      long seed,
      ZoneId zone,
      List<Address> reps,
      YearMonth last,
      int months,
      int perRepMonth) {
    RecordGenerator g = new RecordGenerator(seed, zone, reps);
    for (YearMonth m = last.minusMonths(months - 1L); !m.isAfter(last); m = m.plusMonths(1)) {
      for (Address rep : reps) {
        for (int i = 0; i < perRepMonth; i++) {
          g.store(store, g.record(rep, m));
        }
      }
    }
  }

  private SalesRecord record(Address rep, YearMonth month) {
    Instant at = when(month);
    int kind = random.nextInt(20);
    String id = "g" + (++next);
    return switch (kind) {
      case 0, 1 -> {
        // the same externalId from a second source now and then
        String ext = random.nextInt(8) == 0 && !contracts.isEmpty() ? any(contracts) : id;
        contracts.add(ext);
        yield make(
            random.nextInt(8) == 0 ? "crm" : "erp",
            ext,
            RecordType.CONTRACT,
            rep,
            at,
            "customer",
            "客户" + random.nextInt(50),
            "amount",
            random.nextInt(12) == 0 ? null : (1000 + random.nextInt(90_000)) + decimalPart());
      }
      case 2, 3, 4 ->
          make(
              "finance",
              id,
              RecordType.PAYMENT,
              any(reps),
              at,
              "contract",
              contracts.isEmpty() || random.nextInt(10) == 0 ? "nowhere" : any(contracts),
              "amount",
              random.nextInt(15) == 0 ? null : (100 + random.nextInt(40_000)) + decimalPart());
      case 5 -> make("crm", id, RecordType.NEW_CUSTOMER, rep, at, "customer", "新客户" + next);
      case 6, 7, 8 ->
          make("crm", id, RecordType.VISIT, rep, at, "customer", "客户", "duration", "30");
      case 9 -> make("wiki", id, RecordType.KNOWLEDGE_SHARE, rep, at, "title", "分享");
      case 10 ->
          make(
              "crm",
              id,
              RecordType.ASSIST,
              rep,
              at,
              "contract",
              contracts.isEmpty() ? "x" : any(contracts));
      case 11 ->
          make(
              "hr",
              id,
              RecordType.MENTORING,
              rep,
              at,
              "mentee",
              any(reps).toString(),
              "hours",
              random.nextInt(6) == 0 ? null : DECIMALS[random.nextInt(DECIMALS.length)]);
      case 12 ->
          make(
              "survey",
              id,
              RecordType.SATISFACTION,
              rep,
              at,
              "customer",
              "客户",
              "score",
              String.valueOf(1 + random.nextInt(5)) + (random.nextBoolean() ? ".0" : ""));
      default ->
          make(
              "bi",
              id,
              RecordType.METRIC,
              rep,
              at,
              "dimension",
              random.nextInt(25) == 0
                  ? null
                  : METRIC_DIMENSIONS[random.nextInt(METRIC_DIMENSIONS.length)],
              "value",
              DECIMALS[random.nextInt(DECIMALS.length)]);
    };
  }

  /** Now and then a correction, a tombstone, a quarantined or a released version after it. */
  private void store(Records store, SalesRecord r) {
    append(store, r, status());
    int after = random.nextInt(12);
    if (after == 0) {
      Map<String, String> fields = new HashMap<>(r.fields());
      fields.computeIfPresent("amount", (k, v) -> v + "1");
      fields.computeIfPresent("value", (k, v) -> "7");
      append(
          store,
          new SalesRecord(r.key(), r.type(), r.rep(), r.occurredAt(), false, true, fields),
          status());
    } else if (after == 1) {
      append(
          store,
          new SalesRecord(r.key(), r.type(), r.rep(), r.occurredAt(), true, false, r.fields()),
          RecordStatus.ACCEPTED);
    }
  }

  private RecordStatus status() {
    int s = random.nextInt(14);
    return s == 0
        ? RecordStatus.QUARANTINED
        : s == 1 ? RecordStatus.RELEASED : RecordStatus.ACCEPTED;
  }

  private void append(Records store, SalesRecord r, RecordStatus status) {
    int version = versions.merge(r.key(), 1, Integer::sum);
    boolean released = status == RecordStatus.RELEASED;
    RecordVersion v =
        new RecordVersion(
            r,
            version,
            released ? RecordStatus.QUARANTINED : status,
            status == RecordStatus.ACCEPTED
                ? List.of()
                : List.of(new Violation("payment-over-contract", "generated")),
            r.occurredAt(),
            null);
    if (!Boolean.TRUE.equals(store.append(v, List.of(), java.util.Set.of()).block())) {
      throw new IllegalStateException("not stored: " + r.key() + " v" + version);
    }
    if (released
        && !Boolean.TRUE.equals(
            store
                .release(
                    r.key(),
                    version,
                    new Release(reps.get(0), "generated", r.occurredAt()),
                    YearMonth.from(r.occurredAt().atZone(zone)))
                .block())) {
      throw new IllegalStateException("not released: " + r.key());
    }
  }

  /** A moment of the month; now and then its very first or very last instant. */
  private Instant when(YearMonth month) {
    Instant begins = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant ends = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    return switch (random.nextInt(30)) {
      case 0 -> begins;
      case 1 -> ends.minusMillis(1);
      default ->
          begins.plusSeconds(
              (long) (random.nextDouble() * (ends.getEpochSecond() - begins.getEpochSecond())));
    };
  }

  private String decimalPart() {
    return switch (random.nextInt(4)) {
      case 0 -> "";
      case 1 -> ".5";
      case 2 -> ".50";
      default -> "." + String.format("%02d", random.nextInt(100));
    };
  }

  private <T> T any(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static SalesRecord make(
      String source, String id, RecordType type, Address rep, Instant at, String... fields) {
    Map<String, String> f = new HashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      if (fields[i + 1] != null) {
        f.put(fields[i], fields[i + 1]);
      }
    }
    return new SalesRecord(new RecordKey(source, id), type, rep, at, false, false, f);
  }
}
