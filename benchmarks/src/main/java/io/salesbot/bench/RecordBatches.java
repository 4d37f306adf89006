package io.salesbot.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The record feed of {@link RecordBenchmark}: batches of {@code {"records": [...]}} with a
 * realistic mix, seeded. Of every 1,000 records about 100 contracts, 200 payments on earlier
 * contracts (at most three per contract, each about a third of it: 1 in 100 over 110 % on purpose),
 * 50 new customers, 380 visits, 200 metrics, 30 corrections of earlier visits and metrics (another
 * duration or value: a new version), 10 with a rep in no team (quarantined) and 5 without a
 * required field (refused). Every externalId is new except the corrections'. Records happen within
 * the last two days, so every month they name is open.
 */
final class RecordBatches {
  private static final String[] CUSTOMERS = {"星河制造", "东方零售", "华南物流", "远洋科技", "北辰医药"};

  private final SplittableRandom random;
  private final List<String> reps;
  private long next;

  /**
   * Contracts of answered batches that may take another payment: externalId, amount in fen,
   * payments so far.
   */
  private final List<long[]> open = new ArrayList<>();

  /** Visits and metrics of batches already answered, which a correction may change. */
  private final List<String> correctable = new ArrayList<>();

  /** What the batch being built adds; handed to {@link #answered} with its body. */
  private List<String> pending = new ArrayList<>();

  private List<long[]> pendingContracts = new ArrayList<>();

  /** One batch: its body, and what it adds once answered. */
  record Batch(byte[] body, List<String> correctable, List<long[]> contracts) {}

  RecordBatches(List<String> reps, long seed) {
    this.reps = List.copyOf(reps);
    this.random = new SplittableRandom(seed);
  }

  /**
   * The next batch. Its payments name contracts of batches already answered or of this batch (so
   * none names a contract still in flight on another connection); {@link #answered} makes its own
   * contracts payable and its visits and metrics correctable.
   */
  synchronized Batch next(int size, Instant now) {
    pending = new ArrayList<>();
    pendingContracts = new ArrayList<>();
    StringBuilder b = new StringBuilder(size * 190).append("{\"records\":[");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        b.append(',');
      }
      record(b, now);
    }
    byte[] body = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    return new Batch(body, pending, pendingContracts);
  }

  /** The batch was answered: its records may now be paid and corrected by later batches. */
  synchronized void answered(Batch batch) {
    correctable.addAll(batch.correctable());
    for (long[] c : batch.contracts()) {
      if (c[2] < 3) {
        open.add(c);
      }
    }
  }

  private void record(StringBuilder b, Instant now) {
    int roll = random.nextInt(1000);
    String at =
        now.minusSeconds(random.nextLong(2 * 24 * 3600))
            .truncatedTo(ChronoUnit.SECONDS)
            .atOffset(ZoneOffset.ofHours(8))
            .toString();
    String rep = reps.get(random.nextInt(reps.size()));
    if (roll < 100) {
      long id = next++;
      long fen = 100_000_00L + random.nextLong(800_000_00L);
      pendingContracts.add(new long[] {id, fen, 0});
      head(b, "contract", "c-" + id, rep, at)
          .append(",\"customer\":\"")
          .append(customer())
          .append("\",\"amount\":")
          .append(yuan(fen));
    } else if (roll < 300 && open.size() + pendingContracts.size() > 0) {
      int pick = random.nextInt(open.size() + pendingContracts.size());
      List<long[]> from = pick < open.size() ? open : pendingContracts;
      pick = pick < open.size() ? pick : pick - open.size();
      long[] c = from.get(pick);
      if (c[2] >= 3) { // paid three times already in this batch: a visit instead
        visit(b, "v-" + next++, rep, at, 45);
        b.append('}');
        return;
      }
      // about a third each, with distinct fen so that no two count as the same payment
      long fen = c[1] * (30 + random.nextInt(4)) / 100 + random.nextInt(99) + 1;
      if (roll == 299) {
        fen = c[1] * 120 / 100; // over 110 %: quarantined
      }
      if (++c[2] == 3 && from == open) {
        open.set(pick, open.get(open.size() - 1));
        open.remove(open.size() - 1);
      }
      head(b, "payment", "p-" + next++, rep, at)
          .append(",\"contract\":\"c-")
          .append(c[0])
          .append("\",\"amount\":")
          .append(yuan(fen));
    } else if (roll < 350) {
      head(b, "new_customer", "n-" + next++, rep, at)
          .append(",\"customer\":\"")
          .append(customer())
          .append('"');
    } else if (roll < 550) {
      String id = "m-" + next++;
      pending.add(id);
      metric(b, id, rep, at, 1);
    } else if (roll < 580 && !correctable.isEmpty()) {
      // a correction: an earlier visit or metric with another value (a new version)
      String id = correctable.remove(random.nextInt(correctable.size()));
      if (id.startsWith("m-")) {
        metric(b, id, rep, at, 2 + random.nextInt(5));
      } else {
        visit(b, id, rep, at, 120 + random.nextInt(60));
      }
    } else if (roll < 590) {
      visit(b, "v-" + next++, "sandbox:nobody" + random.nextInt(10), at, 30);
    } else if (roll < 595) {
      head(b, "visit", "v-" + next++, rep, at).append(",\"customer\":\"").append(customer());
      b.append('"'); // no duration: refused
    } else {
      String id = "v-" + next++;
      pending.add(id);
      visit(b, id, rep, at, 15 + random.nextInt(100));
    }
    b.append('}');
  }

  private void metric(StringBuilder b, String id, String rep, String at, int value) {
    head(b, "metric", id, rep, at).append(",\"dimension\":\"proposals\",\"value\":").append(value);
  }

  private void visit(StringBuilder b, String id, String rep, String at, int minutes) {
    head(b, "visit", id, rep, at)
        .append(",\"customer\":\"")
        .append(customer())
        .append("\",\"duration\":")
        .append(minutes);
  }

  private static StringBuilder head(
      StringBuilder b, String type, String id, String rep, String at) {
    return b.append("{\"type\":\"")
        .append(type)
        .append("\",\"externalId\":\"")
        .append(id)
        .append("\",\"rep\":\"")
        .append(rep)
        .append("\",\"occurredAt\":\"")
        .append(at)
        .append('"');
  }

  private String customer() {
    return CUSTOMERS[random.nextInt(CUSTOMERS.length)];
  }

  private static String yuan(long fen) {
    return String.format(Locale.ROOT, "%d.%02d", fen / 100, fen % 100);
  }
}
