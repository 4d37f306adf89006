package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The adapter on the embedded sharded cluster while the master serving the lanes fails over to its
 * replica mid-work (CLUSTER FAILOVER, as an operator or a rolling upgrade does it): every event
 * whose enqueue was acknowledged is handled and its card reaches the outbound worker, and work goes
 * on on the promoted master.
 */
class RedisClusterFailoverTest extends RedisClusterTestBase {
  @BeforeEach
  void connect() {
    // A handler spans a failover's pause of writes: production-like timings (handlers get 2 s, not
    // the other tests' 250 ms), still reclaiming every 100 ms.
    start(
        RedisTestBase.builder("failover")
            .handlerTimeout(Duration.ofSeconds(2))
            .reclaimIdle(Duration.ofSeconds(3))
            .maxDeliveries(5)
            .build());
  }

  @Test
  void keeps_every_acknowledged_event_and_resumes_when_the_lanes_master_fails_over() {
    Set<String> handled = ConcurrentHashMap.newKeySet();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    StreamWorker intake =
        adapter.inboundWorker(
            event ->
                adapter
                    .outbox()
                    .emit(
                        new OutboundCommand.SendText(
                            "card-" + event.eventId(),
                            "新线索",
                            List.of(new Address("wecom", "zhangsan"))))
                    .then(Mono.fromRunnable(() -> handled.add(event.eventId()))));
    StreamWorker outbound =
        adapter.outboundWorker("wecom", c -> Mono.fromRunnable(() -> sent.add(c.commandId())));
    intake.start();
    outbound.start();
    try {
      String lanes = adapter.ops().keys().hot();
      EmbeddedRedisCluster.Node master = cluster.masterOf(lanes);
      EmbeddedRedisCluster.Node replica = cluster.replicaOf(master);
      List<String> acknowledged = new ArrayList<>();
      AtomicInteger refused = new AtomicInteger();

      for (int i = 0; i < 40; i++) {
        acknowledged.add(enqueueUntilAcknowledged("before-" + i, refused));
      }
      String failover = replica.call(r -> r.clusterFailover(false));
      assertThat(failover).isEqualTo("OK");
      for (int i = 0; i < 40; i++) {
        acknowledged.add(enqueueUntilAcknowledged("during-" + i, refused));
      }
      EmbeddedRedisCluster.await(
          "the replica to serve the lanes",
          () -> cluster.masterOf(lanes).port == replica.port && !master.isMaster());
      for (int i = 0; i < 40; i++) {
        acknowledged.add(enqueueUntilAcknowledged("after-" + i, refused));
      }

      RedisTestBase.eventually(
          Duration.ofSeconds(20),
          "every acknowledged event handled and its card sent",
          () ->
              handled.containsAll(acknowledged)
                  && acknowledged.stream().allMatch(id -> sent.contains("card-" + id)));
      assertThat(cluster.masterOf(lanes).port).isEqualTo(replica.port);
      assertThat(handled).containsExactlyInAnyOrderElementsOf(acknowledged);
      RedisTestBase.eventually(
          Duration.ofSeconds(10),
          "the lanes and the outbox empty: nothing left pending",
          () ->
              adapter.stats().block(Duration.ofSeconds(5)).stream()
                  .filter(s -> !s.stream().endsWith(":dead"))
                  .allMatch(s -> s.length() == 0 && s.pending() == 0));
      assertThat(
              adapter.stats().block(Duration.ofSeconds(5)).stream()
                  .filter(s -> s.stream().endsWith(":dead"))
                  .mapToLong(StreamStats::length)
                  .sum())
          .as("nothing dead-lettered")
          .isZero();
    } finally {
      intake.stop(Duration.ofSeconds(2));
      outbound.stop(Duration.ofSeconds(2));
    }
  }

  /**
   * Enqueues until Redis acknowledges, as a platform retries a callback that was not acknowledged;
   * the event id keeps a retry from queueing the event twice.
   */
  private String enqueueUntilAcknowledged(String id, AtomicInteger refused) {
    InboundEvent event =
        RedisTestBase.lead(id, id.hashCode() % 2 == 0 ? Priority.HOT : Priority.NORMAL);
    RedisTestBase.eventually(
        Duration.ofSeconds(20),
        "enqueue of " + id + " acknowledged",
        () -> {
          try {
            adapter.inboundQueue().enqueue(event).block(Duration.ofSeconds(3));
            return true;
          } catch (RuntimeException e) {
            refused.incrementAndGet();
            return false;
          }
        });
    return event.eventId();
  }
}
