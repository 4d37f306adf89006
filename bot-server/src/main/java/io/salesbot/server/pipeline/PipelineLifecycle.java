package io.salesbot.server.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.salesbot.adapter.redis.Outages;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.redis.StreamStats;
import io.salesbot.adapter.redis.StreamWorker;
import io.salesbot.core.kernel.InboundHandler;
import io.salesbot.core.lead.RelayFallback;
import io.salesbot.core.platform.OutboundHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Starts the stream consumers (inbound lanes, one outbox sender per platform) and the relay of
 * leads parked in PostgreSQL once the application is up, and drains them on shutdown. Also
 * publishes stream length, pending and lag, and the commands waiting beside each outbox, as gauges.
 * The workers pause, spending no deliveries, while {@link Outages} says a store is unavailable.
 */
public final class PipelineLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineLifecycle.class);
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final RedisAdapter redis;
  private final InboundHandler inbound;
  private final OutboundHandler outbound;
  private final List<String> platforms;
  private final RelayFallback relay;
  private final Duration relayInterval;
  private final MeterRegistry meters;
  private final IngressFirst ingressFirst;
  private final Outages outages;
  private final AtomicInteger yielding = new AtomicInteger();
  private final List<StreamWorker> workers = new ArrayList<>();
  private final Map<String, StreamStats> stats = new ConcurrentHashMap<>();
  private final Map<String, Long> waiting = new ConcurrentHashMap<>();
  private final List<Disposable> timers = new ArrayList<>();
  private volatile boolean running;

  public PipelineLifecycle(
      RedisAdapter redis,
      InboundHandler inbound,
      OutboundHandler outbound,
      List<String> platforms,
      RelayFallback relay,
      Duration relayInterval,
      MeterRegistry meters,
      IngressFirst ingressFirst,
      Outages outages) {
    this.redis = redis;
    this.inbound = inbound;
    this.outbound = outbound;
    this.platforms = List.copyOf(platforms);
    this.relay = relay;
    this.relayInterval = relayInterval;
    this.meters = meters;
    this.ingressFirst = ingressFirst;
    this.outages = outages;
  }

  @Override
  public synchronized void start() {
    StreamWorker intake = redis.inboundWorker(inbound, outages);
    workers.add(intake);
    for (String platform : platforms) {
      workers.add(redis.outboundWorker(platform, outbound, outages));
    }
    workers.forEach(StreamWorker::start);
    timers.add(
        Flux.interval(relayInterval, relayInterval, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(
                tick ->
                    relay
                        .relay(500)
                        .doOnNext(
                            n -> {
                              if (n > 0) {
                                LOG.info("Moved {} lead(s) parked in PostgreSQL onto the queue", n);
                              }
                            })
                        .onErrorResume(e -> Mono.empty()))
            .subscribe());
    timers.add(
        Flux.interval(Duration.ZERO, Duration.ofSeconds(5), Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(tick -> redis.stats().onErrorResume(e -> Mono.empty()))
            .subscribe(this::publish));
    timers.add(
        Flux.interval(Duration.ZERO, Duration.ofSeconds(5), Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(tick -> redis.waiting().onErrorResume(e -> Mono.empty()))
            .subscribe(this::publishWaiting));
    if (ingressFirst.enabled()) {
      Gauge.builder("salesbot.pipeline.yielding", yielding, AtomicInteger::get)
          .description("1 while the inbound pipeline yields the CPU to webhooks (ingress first)")
          .register(meters);
      timers.add(
          Flux.interval(IngressFirst.TICK, IngressFirst.TICK, Schedulers.parallel())
              .onBackpressureDrop()
              .subscribe(
                  tick -> {
                    boolean yield = ingressFirst.tick(java.time.Instant.now());
                    yielding.set(yield ? 1 : 0);
                    intake.limit(yield ? ingressFirst.busyConcurrency() : Integer.MAX_VALUE);
                  }));
    }
    running = true;
    LOG.info("Pipeline started: {}", workers);
  }

  private void publish(List<StreamStats> current) {
    for (StreamStats s : current) {
      if (stats.put(s.stream(), s) == null) {
        Gauge.builder("salesbot.stream.length", stats, m -> m.get(s.stream()).length())
            .tags("stream", s.stream(), "queue", s.queue())
            .register(meters);
        Gauge.builder("salesbot.stream.pending", stats, m -> m.get(s.stream()).pending())
            .tags("stream", s.stream(), "queue", s.queue())
            .register(meters);
        Gauge.builder("salesbot.stream.lag", stats, m -> m.get(s.stream()).lag())
            .tags("stream", s.stream(), "queue", s.queue())
            .register(meters);
      }
    }
  }

  /**
   * {@code salesbot_outbox_waiting{platform}}: commands put aside (out of budget, platform down).
   */
  private void publishWaiting(Map<String, Long> current) {
    current.forEach(
        (platform, count) -> {
          if (waiting.put(platform, count) == null) {
            Gauge.builder("salesbot.outbox.waiting", waiting, m -> m.getOrDefault(platform, 0L))
                .tag("platform", platform)
                .description("Outbound commands waiting for a send budget or a platform to recover")
                .register(meters);
          }
        });
  }

  @Override
  public synchronized void stop() {
    running = false;
    timers.forEach(Disposable::dispose);
    timers.clear();
    for (StreamWorker w : workers) {
      w.stop(DRAIN);
    }
    workers.clear();
    LOG.info("Pipeline stopped");
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stop consumers before the web server and the connections go away. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1024;
  }
}
