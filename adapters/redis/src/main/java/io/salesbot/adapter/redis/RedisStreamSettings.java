package io.salesbot.adapter.redis;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the Redis adapter names its keys and runs its workers. Start from {@link #defaults()} or
 * {@link #builder()}.
 *
 * @param keyPrefix prefix of every key, default {@code salesbot}: lanes {@code <prefix>:in:hot} and
 *     {@code <prefix>:in:normal}, outboxes {@code <prefix>:out:<platform>}, dead letters {@code
 *     <prefix>:dead}, dedupe keys {@code <prefix>:seen:<eventId>}
 * @param group consumer group of every stream, default {@code salesbot}
 * @param consumerName this instance's consumer name, unique per process; default {@code
 *     <hostname>-<pid>-<random>}
 * @param dedupeTtl how long an inbound event id is remembered, default 7 days
 * @param commandTimeout longest wait for one Redis command before it fails, default 2 s
 * @param blockTimeout how long a worker's XREADGROUP blocks when the lanes are empty, default 1 s;
 *     shorter than {@code commandTimeout}
 * @param readBatch most entries read per XREADGROUP or XAUTOCLAIM call, default 16
 * @param concurrency most entries an outbox sender (one per platform) handles at once, default 32;
 *     the platform adapters' bulkheads are sized for it
 * @param inboundConcurrency most entries the inbound worker (leads, clicks, messages) handles at
 *     once, default 256: the entries in flight are what the pipeline's group commits batch
 *     together, so more of them means fuller batches (measured in docs/benchmarks.md)
 * @param handlerTimeout a handler that has not finished by then has failed, default 20 s; shorter
 *     than {@code reclaimIdle} so that no entry is reclaimed while still being handled
 * @param reclaimInterval how often a worker looks for abandoned or failed entries, default 5 s
 * @param reclaimIdle how long an entry stays unacknowledged before any worker may take it over,
 *     default 30 s
 * @param maxDeliveries deliveries after which an entry goes to the dead letters, default 5
 */
public record RedisStreamSettings(
    String keyPrefix,
    String group,
    String consumerName,
    Duration dedupeTtl,
    Duration commandTimeout,
    Duration blockTimeout,
    int readBatch,
    int concurrency,
    int inboundConcurrency,
    Duration handlerTimeout,
    Duration reclaimInterval,
    Duration reclaimIdle,
    int maxDeliveries) {

  public RedisStreamSettings {
    requireText(keyPrefix, "keyPrefix");
    requireText(group, "group");
    requireText(consumerName, "consumerName");
    requirePositive(dedupeTtl, "dedupeTtl");
    requirePositive(commandTimeout, "commandTimeout");
    requirePositive(blockTimeout, "blockTimeout");
    requirePositive(handlerTimeout, "handlerTimeout");
    requirePositive(reclaimInterval, "reclaimInterval");
    requirePositive(reclaimIdle, "reclaimIdle");
    if (dedupeTtl.toSeconds() < 1) {
      throw new IllegalArgumentException("dedupeTtl must be at least one second");
    }
    if (blockTimeout.compareTo(commandTimeout) >= 0) {
      throw new IllegalArgumentException(
          "blockTimeout ("
              + blockTimeout
              + ") must be shorter than commandTimeout ("
              + commandTimeout
              + "), or every idle read would time out");
    }
    if (handlerTimeout.compareTo(reclaimIdle) >= 0) {
      throw new IllegalArgumentException(
          "handlerTimeout ("
              + handlerTimeout
              + ") must be shorter than reclaimIdle ("
              + reclaimIdle
              + "), or entries still being handled would be reclaimed by other workers");
    }
    if (readBatch < 1) {
      throw new IllegalArgumentException("readBatch must be at least 1");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    if (inboundConcurrency < 1) {
      throw new IllegalArgumentException("inboundConcurrency must be at least 1");
    }
    if (maxDeliveries < 1) {
      throw new IllegalArgumentException("maxDeliveries must be at least 1");
    }
  }

  /** The defaults described on the record. */
  public static RedisStreamSettings defaults() {
    return new RedisStreamSettings(
        "salesbot",
        "salesbot",
        defaultConsumerName(),
        Duration.ofDays(7),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        16,
        32,
        256,
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        5);
  }

  /** {@code <hostname>-<pid>-<6 random hex digits>}. */
  public static String defaultConsumerName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException | RuntimeException e) {
        host = "host";
      }
    }
    return host
        + "-"
        + ProcessHandle.current().pid()
        + "-"
        + String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes settings one by one; checks them together in {@link #build()}. */
  public static final class Builder {
    private String keyPrefix;
    private String group;
    private String consumerName;
    private Duration dedupeTtl;
    private Duration commandTimeout;
    private Duration blockTimeout;
    private int readBatch;
    private int concurrency;
    private int inboundConcurrency;
    private Duration handlerTimeout;
    private Duration reclaimInterval;
    private Duration reclaimIdle;
    private int maxDeliveries;

    private Builder(RedisStreamSettings s) {
      keyPrefix = s.keyPrefix;
      group = s.group;
      consumerName = s.consumerName;
      dedupeTtl = s.dedupeTtl;
      commandTimeout = s.commandTimeout;
      blockTimeout = s.blockTimeout;
      readBatch = s.readBatch;
      concurrency = s.concurrency;
      inboundConcurrency = s.inboundConcurrency;
      handlerTimeout = s.handlerTimeout;
      reclaimInterval = s.reclaimInterval;
      reclaimIdle = s.reclaimIdle;
      maxDeliveries = s.maxDeliveries;
    }

    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    public Builder group(String group) {
      this.group = group;
      return this;
    }

    public Builder consumerName(String consumerName) {
      this.consumerName = consumerName;
      return this;
    }

    public Builder dedupeTtl(Duration dedupeTtl) {
      this.dedupeTtl = dedupeTtl;
      return this;
    }

    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
      return this;
    }

    public Builder blockTimeout(Duration blockTimeout) {
      this.blockTimeout = blockTimeout;
      return this;
    }

    public Builder readBatch(int readBatch) {
      this.readBatch = readBatch;
      return this;
    }

    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    public Builder inboundConcurrency(int inboundConcurrency) {
      this.inboundConcurrency = inboundConcurrency;
      return this;
    }

    public Builder handlerTimeout(Duration handlerTimeout) {
      this.handlerTimeout = handlerTimeout;
      return this;
    }

    public Builder reclaimInterval(Duration reclaimInterval) {
      this.reclaimInterval = reclaimInterval;
      return this;
    }

    public Builder reclaimIdle(Duration reclaimIdle) {
      this.reclaimIdle = reclaimIdle;
      return this;
    }

    public Builder maxDeliveries(int maxDeliveries) {
      this.maxDeliveries = maxDeliveries;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public RedisStreamSettings build() {
      return new RedisStreamSettings(
          keyPrefix,
          group,
          consumerName,
          dedupeTtl,
          commandTimeout,
          blockTimeout,
          readBatch,
          concurrency,
          inboundConcurrency,
          handlerTimeout,
          reclaimInterval,
          reclaimIdle,
          maxDeliveries);
    }
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
