package io.salesbot.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One phase of load at a fixed rate and what came of it. Filled concurrently by the generator's
 * callbacks; read once every request of the phase has been answered or has failed.
 */
final class LoadPhase {
  final String name;
  final int rate;
  final int seconds;
  final int planned;

  /** Acknowledgement latency of each 202, in nanoseconds from the request's scheduled time. */
  private final long[] acceptedLatencies;

  private final AtomicInteger acceptedCount = new AtomicInteger();

  /** Per second of the phase (by scheduled send time): the slowest acknowledgement, in nanos. */
  private final AtomicLongArray worstBySecond;

  private final LongAdder sent = new LongAdder();
  private final Map<Integer, LongAdder> otherStatuses = new ConcurrentHashMap<>();
  private final Map<Integer, String> statusSamples = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final CountDownLatch finished;
  private final AtomicLong lastAnswerNanos = new AtomicLong(Long.MIN_VALUE);
  private volatile long startNanos;
  private volatile long maxSendLagNanos;
  private volatile String cpu = "unknown";

  LoadPhase(String name, int rate, int seconds) {
    this.name = name;
    this.rate = rate;
    this.seconds = seconds;
    this.planned = Math.multiplyExact(rate, seconds);
    this.acceptedLatencies = new long[planned];
    this.worstBySecond = new AtomicLongArray(seconds + 1);
    this.finished = new CountDownLatch(planned);
  }

  void started(long nanos) {
    startNanos = nanos;
  }

  /** Called by the single scheduler thread for each request it fires. */
  void sent(long sendLagNanos) {
    sent.increment();
    if (sendLagNanos > maxSendLagNanos) {
      maxSendLagNanos = sendLagNanos;
    }
  }

  void accepted(long latencyNanos, long nowNanos) {
    acceptedLatencies[acceptedCount.getAndIncrement()] = latencyNanos;
    long second = (nowNanos - latencyNanos - startNanos) / 1_000_000_000L;
    int i = (int) Math.max(0, Math.min(seconds, second));
    worstBySecond.accumulateAndGet(i, latencyNanos, Math::max);
    answered(nowNanos);
  }

  void otherStatus(int status, String body, long nowNanos) {
    otherStatuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    statusSamples.putIfAbsent(status, body.length() > 300 ? body.substring(0, 300) + "…" : body);
    answered(nowNanos);
  }

  void failed(Throwable error, long nowNanos) {
    String kind = error.getClass().getSimpleName();
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    lastAnswerNanos.accumulateAndGet(nowNanos, Math::max);
    finished.countDown();
  }

  private void answered(long nowNanos) {
    lastAnswerNanos.accumulateAndGet(nowNanos, Math::max);
    finished.countDown();
  }

  /** Whether every request of the phase was answered or failed within the wait. */
  boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
    return finished.await(timeout, unit);
  }

  void cpu(String description) {
    cpu = description;
  }

  String cpu() {
    return cpu;
  }

  long startNanos() {
    return startNanos;
  }

  /** When the last answer (or failure) of the phase arrived; the start when there was none. */
  long lastAnswerNanos() {
    long last = lastAnswerNanos.get();
    return last == Long.MIN_VALUE ? startNanos : last;
  }

  long sentCount() {
    return sent.sum();
  }

  int acceptedCount() {
    return acceptedCount.get();
  }

  long answeredCount() {
    return acceptedCount() + otherStatuses.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long maxSendLagNanos() {
    return maxSendLagNanos;
  }

  Map<Integer, Long> otherStatuses() {
    Map<Integer, Long> m = new TreeMap<>();
    otherStatuses.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  Map<Integer, String> statusSamples() {
    return new TreeMap<>(statusSamples);
  }

  Map<String, Long> errors() {
    Map<String, Long> m = new TreeMap<>();
    errors.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /**
   * The slowest acknowledgement of each second of the phase (by scheduled send time), e.g. {@code
   * "0s 12, 1s 2,140, 2s 35"} in milliseconds: shows whether a tail is the spike's start or spread.
   */
  String worstBySecond() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < worstBySecond.length(); i++) {
      long nanos = worstBySecond.get(i);
      if (nanos == 0) {
        continue;
      }
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(String.format(java.util.Locale.ROOT, "%ds %,d", i, nanos / 1_000_000L));
    }
    return b.length() == 0 ? "none" : b.toString();
  }

  /** The 202 latencies, sorted, in nanoseconds. */
  long[] sortedAcceptedLatencies() {
    long[] copy = Arrays.copyOf(acceptedLatencies, acceptedCount.get());
    Arrays.sort(copy);
    return copy;
  }
}
