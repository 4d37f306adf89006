package io.salesbot.adapter.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.salesbot.core.kernel.InboundHandler;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.QueueBacklog;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.DeadLetters;
import io.salesbot.core.platform.OutboundHandler;
import io.salesbot.core.platform.OutboxBacklog;
import io.salesbot.core.platform.SendBudgets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Redis adapter: the one class an application constructs. It implements the queue ports on
 * Redis Streams and makes the workers that drain them.
 *
 * <pre>{@code
 * RedisStreamSettings settings = RedisStreamSettings.defaults();
 * RedisClient client = RedisAdapter.createClient(RedisURI.create("redis://localhost:6379"), settings);
 * RedisAdapter redis = new RedisAdapter(client, settings);
 * InboundQueue queue = redis.inboundQueue();
 * StreamWorker intake = redis.inboundWorker(event -> useCase.handle(event));
 * intake.start();
 * ...
 * intake.stop(Duration.ofSeconds(10));
 * redis.close();
 * client.shutdown();
 * }</pre>
 *
 * <p>Keys (with the default prefix, on a standalone Redis): lanes {@code salesbot:in:hot} and
 * {@code salesbot:in:normal}, outboxes {@code salesbot:out:<platform>}, dead letters {@code
 * salesbot:dead}, dedupe keys {@code salesbot:seen:<eventId>}, waiting commands {@code
 * salesbot:wait:<platform>} (with {@code salesbot:wait-line:<platform>:<hash>}), send budgets
 * {@code salesbot:budget:<key>:<rates hash>}. Every stream has one consumer group ({@code
 * settings.group()}), and entries are deleted once acknowledged, so a stream holds exactly its
 * unfinished work. Nothing unfinished is ever trimmed.
 *
 * <p><b>Redis Cluster.</b> Given a {@link RedisClusterClient} (see {@link #createClusterClient}),
 * the adapter uses the cluster layout of {@link Keys}: what one Lua script or one XREADGROUP
 * touches shares a hash tag — the lanes with their dedupe keys and dead letters in {@code
 * {salesbot:in}}, each platform's outbox with its waiting set, lines and dead letters in {@code
 * {salesbot:out:<platform>}} — so platforms spread over the shards while every script stays in one
 * slot. A standalone Redis keeps the names above.
 *
 * <p>The adapter opens its own connections from the client (one shared, one per running worker) and
 * closes them in {@link #close()}; the client stays the caller's to shut down.
 */
public final class RedisAdapter implements AutoCloseable {
  private final RedisStreamSettings settings;
  private final Keys keys;
  private final Connections connections;
  private final StreamOps ops;
  private final Set<String> platforms = ConcurrentHashMap.newKeySet();
  private final List<StreamWorker> workers = new CopyOnWriteArrayList<>();
  private final RedisInboundQueue inboundQueue;
  private final RedisOutbox outbox;
  private final RedisDeadLetters deadLetters;
  private final RedisSendBudgets sendBudgets;
  private final RedisBacklogs backlogs;
  private final Clock clock;

  /** Most waiting commands one release moves back to a platform's stream. */
  static final int RELEASE_BATCH = 200;

  /** With {@link RedisStreamSettings#defaults()}. */
  public RedisAdapter(AbstractRedisClient client) {
    this(client, RedisStreamSettings.defaults());
  }

  /** With the system clock. */
  public RedisAdapter(AbstractRedisClient client, RedisStreamSettings settings) {
    this(client, settings, Clock.systemUTC());
  }

  /**
   * Connects lazily: nothing is sent to Redis until first used, so this never fails because Redis
   * is down. {@code clock} says when waiting commands are due, refills send budgets and times
   * cached access tokens (tests pass one they can move). Give the client {@link
   * #clientOptions(RedisStreamSettings)} (or build it with {@link #createClient(RedisURI,
   * RedisStreamSettings)}) so that commands fail fast while disconnected. {@code client} is a
   * {@link RedisClient} (standalone Redis) or a {@link RedisClusterClient} (Redis Cluster, built
   * with {@link #createClusterClient}).
   */
  public RedisAdapter(AbstractRedisClient client, RedisStreamSettings settings, Clock clock) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = clock;
    this.connections = new Connections(client);
    this.keys = new Keys(settings.keyPrefix(), connections.cluster());
    this.ops = new StreamOps(connections, settings, keys);
    this.inboundQueue = new RedisInboundQueue(ops.forIngress());
    this.outbox = new RedisOutbox(ops, platforms, clock);
    this.sendBudgets = new RedisSendBudgets(connections, keys, settings.commandTimeout(), clock);
    this.deadLetters = new RedisDeadLetters(ops, platforms);
    this.backlogs = new RedisBacklogs(ops, platforms, clock);
  }

  /**
   * Client options that suit this adapter: commands time out after {@code commandTimeout}, are
   * rejected at once while disconnected (instead of being buffered until Redis is back, which would
   * make a webhook wait), and connecting gives up after {@code commandTimeout}. The adapter also
   * bounds each command itself with {@code commandTimeout}, whatever the client's options.
   */
  public static ClientOptions clientOptions(RedisStreamSettings settings) {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
        .socketOptions(
            SocketOptions.builder()
                .connectTimeout(settings.commandTimeout())
                .keepAlive(true)
                .build())
        .build();
  }

  /** A client for {@code uri} with {@link #clientOptions(RedisStreamSettings)}. */
  public static RedisClient createClient(RedisURI uri, RedisStreamSettings settings) {
    RedisURI copy = RedisURI.builder(uri).withTimeout(settings.commandTimeout()).build();
    RedisClient client = RedisClient.create(copy);
    client.setOptions(clientOptions(settings));
    return client;
  }

  /**
   * A Redis Cluster client for {@code seeds} (any nodes of the cluster; the rest are discovered)
   * with {@link #clientOptions(RedisStreamSettings)}, plus topology refresh: on every MOVED/ASK
   * redirect, reconnect or unknown node at once (a failover is followed within {@code
   * commandTimeout}) and every {@code topologyRefresh} otherwise.
   */
  public static RedisClusterClient createClusterClient(
      List<RedisURI> seeds, RedisStreamSettings settings, Duration topologyRefresh) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("a Redis Cluster client needs at least one node");
    }
    List<RedisURI> copies =
        seeds.stream()
            .map(u -> RedisURI.builder(u).withTimeout(settings.commandTimeout()).build())
            .toList();
    RedisClusterClient client = RedisClusterClient.create(copies);
    client.setOptions(clusterClientOptions(settings, topologyRefresh));
    return client;
  }

  /** {@link #clientOptions(RedisStreamSettings)} for Redis Cluster, with topology refresh. */
  public static ClusterClientOptions clusterClientOptions(
      RedisStreamSettings settings, Duration topologyRefresh) {
    return ClusterClientOptions.builder(clientOptions(settings))
        .topologyRefreshOptions(
            ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(topologyRefresh)
                .enableAllAdaptiveRefreshTriggers()
                .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                .build())
        .validateClusterNodeMembership(false)
        .build();
  }

  public RedisStreamSettings settings() {
    return settings;
  }

  /** The adapter's operations over its shared connection; for tests in this package. */
  StreamOps ops() {
    return ops;
  }

  /**
   * Lanes: lead submissions to their priority's lane, everything else to the hot lane. Deduplicated
   * by event id for {@code dedupeTtl}.
   */
  public InboundQueue inboundQueue() {
    return inboundQueue;
  }

  /**
   * One stream per platform, plus the commands waiting beside it ({@code <prefix>:wait:<platform>},
   * see {@link Outbox#defer}): each platform's outbound worker moves the due ones back about every
   * {@code blockTimeout}, at most {@value #RELEASE_BATCH} at a time, earliest first.
   */
  public Outbox outbox() {
    return outbox;
  }

  /**
   * Send budgets counted by all instances together: Bucket4j token buckets under {@code
   * <prefix>:budget:<key>:<rates hash>}. Always the same instance (it holds a connection of its
   * own, opened on first use).
   */
  public SendBudgets sendBudgets() {
    return sendBudgets;
  }

  /**
   * Moves up to {@value #RELEASE_BATCH} waiting commands of {@code platform} whose time has come
   * back to its stream; how many. The outbound workers do this on their own; safe to call from
   * anywhere at any time (one Lua script: nothing is lost or moved twice).
   */
  public Mono<Long> releaseWaiting(String platform) {
    new Address(platform, "check");
    return outbox.release(platform, RELEASE_BATCH);
  }

  /**
   * Commands waiting (put aside until a later time) per platform, for every platform this adapter
   * emitted to, deferred to or has a worker for, in platform order.
   */
  public Mono<Map<String, Long>> waiting() {
    return Flux.fromIterable(new TreeSet<>(platforms))
        .concatMap(p -> outbox.waiting(p).map(n -> Map.entry(p, n)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
  }

  /**
   * The outbox's backlog per platform, as {@link #waiting()}, and how long each platform's oldest
   * command has waited: in its stream (since appended) or put aside (since put aside last).
   */
  public OutboxBacklog outboxBacklog() {
    return backlogs.outbox(this::waiting);
  }

  /** The lanes' unfinished work: entries in each lane and its oldest entry's age. */
  public QueueBacklog inboundBacklog() {
    return backlogs.lanes();
  }

  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /**
   * Platform access tokens shared by all instances, with a refresh lock per token ({@code
   * <prefix>:token:<key>}, {@code <prefix>:token-lock:<key>}).
   */
  public AccessTokens accessTokens() {
    return new RedisAccessTokens(connections, settings, clock);
  }

  /** Send quotas and rate-limit counters shared by all instances ({@code <prefix>:quota:<key>}). */
  public io.salesbot.core.platform.Quotas quotas() {
    return new RedisQuotas(connections, keys, settings);
  }

  /** Marks that something was done, shared by all instances ({@code <prefix>:once:<key>}). */
  public io.salesbot.core.kernel.Once once() {
    return new RedisOnce(connections, settings);
  }

  /**
   * A worker draining the hot lane before the normal lane, running up to {@link
   * RedisStreamSettings#inboundConcurrency()} handlers at once. Entries that do not decode (an
   * unknown {@code type}, missing fields) are dead-lettered instead of reaching the handler. Not
   * started.
   */
  public StreamWorker inboundWorker(InboundHandler handler) {
    return inboundWorker(handler, Outages.NONE);
  }

  /**
   * As {@link #inboundWorker(InboundHandler)}, with handler failures that {@code outages} calls an
   * outage spending no delivery (the worker pauses until the stores answer).
   */
  public StreamWorker inboundWorker(InboundHandler handler, Outages outages) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(outages, "outages");
    EntryProcessor processor =
        fields -> {
          InboundEvent event = InboundEventCodec.decode(fields);
          if (event instanceof InboundEvent.Unsupported unsupported
              && !"unsupported".equals(fields.get(InboundEventCodec.TYPE))) {
            return Mono.error(
                new UndecodableEntryException(
                    "cannot decode inbound entry: " + unsupported.type()));
          }
          return Mono.defer(() -> handler.handle(event));
        };
    return register(
        new StreamWorker(
            "inbound",
            List.of(keys.hot(), keys.normal()),
            processor,
            ops,
            connections,
            null,
            outages,
            settings.inboundConcurrency()));
  }

  /**
   * A worker draining the outbox of {@code platform}. Entries whose JSON cannot be read are
   * dead-lettered. Not started.
   */
  public StreamWorker outboundWorker(String platform, OutboundHandler handler) {
    return outboundWorker(platform, handler, Outages.NONE);
  }

  /** As {@link #outboundWorker(String, OutboundHandler)}, pausing on {@code outages}. */
  public StreamWorker outboundWorker(String platform, OutboundHandler handler, Outages outages) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(outages, "outages");
    new Address(platform, "check"); // validates the platform name
    platforms.add(platform);
    EntryProcessor processor =
        fields -> Mono.fromCallable(() -> RedisOutbox.decode(fields)).flatMap(handler::handle);
    return register(
        new StreamWorker(
            "outbound:" + platform,
            List.of(keys.outbox(platform)),
            processor,
            ops,
            connections,
            () -> outbox.release(platform, RELEASE_BATCH),
            outages,
            settings.concurrency()));
  }

  private StreamWorker register(StreamWorker worker) {
    workers.add(worker);
    return worker;
  }

  /**
   * Figures per stream: both lanes, the outbox of every platform this adapter emitted to or has a
   * worker for, and the dead letters. See {@link StreamStats} for what is counted.
   */
  public Mono<List<StreamStats>> stats() {
    return Flux.fromIterable(keys.queues(platforms).entrySet())
        .concatMap(e -> ops.stats(e.getKey(), e.getValue(), !Keys.isDeadQueue(e.getValue())))
        .collectList();
  }

  /**
   * The streams {@link #stats()} reports for a key prefix, a layout (Redis Cluster or standalone)
   * and platforms, each key with its queue name ({@link StreamStats#queue}), in that order: what
   * deployment artefacts (KEDA's triggers, alerting rules) must name.
   */
  public static Map<String, String> queues(
      String keyPrefix, boolean cluster, Collection<String> platforms) {
    return new Keys(keyPrefix, cluster).queues(platforms);
  }

  /** True when Redis answers PING within {@code commandTimeout}; never an error. */
  public Mono<Boolean> ping() {
    return ops.ping().map("PONG"::equalsIgnoreCase).onErrorReturn(false);
  }

  /**
   * Stops workers still running (waiting up to {@code handlerTimeout} for their handlers) and
   * closes the connections this adapter opened. Does not shut the client down.
   */
  @Override
  public void close() {
    for (StreamWorker worker : workers) {
      worker.stop(settings.handlerTimeout());
    }
    connections.close();
  }
}
