package io.salesbot.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

/**
 * A real sharded Redis Cluster of this test JVM: three masters (slots 0–5460, 5461–10922,
 * 10923–16383), each with one replica, on free ports (each with its cluster bus port, +10000, free
 * too), started once and stopped when the JVM exits. Built by hand (CLUSTER ADDSLOTS, MEET,
 * REPLICATE over Lettuce) rather than with embedded-redis's own cluster builder, which needs an old
 * Jedis that the Spring Boot BOM replaces. Public, in the test-jar, for bot-server's end-to-end
 * test of a whole server on a cluster.
 */
public final class EmbeddedRedisCluster {
  static final int MASTERS = 3;
  static final int SLOTS = 16384;

  /** The client of the plain connections to single nodes. */
  private static final RedisClient CLIENT = RedisClient.create();

  /** One redis-server of the cluster. */
  public static final class Node {
    public final int port;
    final RedisServer server;
    String id = "";

    Node(int port, Path dir) {
      this.port = port;
      try {
        this.server =
            EmbeddedRedis.builder(port)
                .bind("127.0.0.1")
                .setting("cluster-enabled yes")
                .setting("cluster-config-file nodes-" + port + ".conf")
                .setting("cluster-node-timeout 1000")
                .setting("dir " + dir)
                .build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    RedisURI uri() {
      return RedisURI.create("redis://127.0.0.1:" + port);
    }

    private @Nullable StatefulRedisConnection<String, String> connection;

    /**
     * A command over a plain (non-cluster) connection to this node, kept open between calls; a
     * failed call drops it, the next opens a new one.
     */
    public synchronized <T> T call(Function<RedisCommands<String, String>, T> command) {
      StatefulRedisConnection<String, String> c = connection;
      if (c == null) {
        c = CLIENT.connect(uri());
        connection = c;
      }
      try {
        return command.apply(c.sync());
      } catch (RuntimeException e) {
        c.close();
        connection = null;
        throw e;
      }
    }

    public boolean isMaster() {
      return call(r -> r.info("replication")).contains("role:master");
    }

    /**
     * Kills this node's redis-server with SIGKILL, as {@code kill -9} does: no shutdown, no last
     * write, no word to the cluster; the other nodes find it gone after {@code
     * cluster-node-timeout} (1 s) and a replica of a master takes over. Returns once the process
     * has ended.
     */
    public void kill() {
      long pid =
          call(r -> r.info("server"))
              .lines()
              .filter(l -> l.startsWith("process_id:"))
              .map(l -> Long.parseLong(l.substring("process_id:".length()).trim()))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no process_id from " + port));
      synchronized (this) {
        if (connection != null) {
          connection.close();
          connection = null;
        }
      }
      ProcessHandle process =
          ProcessHandle.of(pid)
              .orElseThrow(() -> new IllegalStateException("no process " + pid + " for " + port));
      if (!process.destroyForcibly()) {
        throw new IllegalStateException("could not kill redis-server " + pid);
      }
      try {
        process.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("redis-server " + pid + " did not end", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /**
     * Starts this node again on its port after {@link #kill}: it rejoins the cluster with the
     * configuration it kept ({@code nodes-<port>.conf}), as a replica if a replica took its slots
     * meanwhile. Empty (no AOF, no RDB here): a replica resynchronises from its master.
     */
    public void restart() {
      try {
        server.stop(); // only marks it stopped: the process has ended already
        server.start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not restart redis-server on port " + port, e);
      }
    }
  }

  private final List<Node> masters = new ArrayList<>();
  private final List<Node> replicas = new ArrayList<>();

  private EmbeddedRedisCluster() {
    Path dir;
    try {
      dir = Files.createTempDirectory("salesbot-redis-cluster");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Integer> ports = freePorts(2 * MASTERS);
    for (int i = 0; i < MASTERS; i++) {
      masters.add(new Node(ports.get(i), dir));
      replicas.add(new Node(ports.get(MASTERS + i), dir));
    }
    try {
      form();
    } catch (RuntimeException e) {
      stopAll(); // no redis-server outlives a failed start (it kept the test JVM from ending)
      throw e;
    }
  }

  private void form() {
    all().forEach(n -> start(n));
    for (Node n : all()) {
      n.id = n.call(RedisCommands::clusterMyId);
    }
    for (int i = 0; i < MASTERS; i++) {
      int from = i * SLOTS / MASTERS;
      int to = (i + 1) * SLOTS / MASTERS;
      int[] slots = IntStream.range(from, to).toArray();
      masters.get(i).call(r -> r.clusterAddSlots(slots));
    }
    Node first = masters.get(0);
    for (Node n : all()) {
      if (n != first) {
        first.call(r -> r.clusterMeet("127.0.0.1", n.port));
      }
    }
    await("every node to know the others", () -> all().stream().allMatch(this::knowsAll));
    for (int i = 0; i < MASTERS; i++) {
      String master = masters.get(i).id;
      replicas.get(i).call(r -> r.clusterReplicate(master));
    }
    await("the cluster to be ready", this::ready);
  }

  /** The cluster, started on first use. */
  public static EmbeddedRedisCluster shared() {
    return Holder.SHARED;
  }

  List<Node> masters() {
    return List.copyOf(masters);
  }

  List<Node> replicas() {
    return List.copyOf(replicas);
  }

  List<Node> all() {
    List<Node> all = new ArrayList<>(masters);
    all.addAll(replicas);
    return all;
  }

  /** The cluster as a node that answers sees it now. */
  Partitions partitions() {
    for (Node n : all()) {
      try {
        String nodes = n.call(RedisCommands::clusterNodes);
        return ClusterPartitionParser.parse(nodes);
      } catch (RuntimeException e) {
        // ask the next
      }
    }
    throw new IllegalStateException("no node of the cluster answers");
  }

  /** The master serving {@code key}'s slot now. */
  public Node masterOf(String key) {
    int slot = SlotHash.getSlot(key);
    return partitions().stream()
        .filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM) && n.hasSlot(slot))
        .filter(n -> !n.is(RedisClusterNode.NodeFlag.FAIL))
        .map(this::node)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
  }

  /** A replica of {@code master} now. */
  public Node replicaOf(Node master) {
    return partitions().stream()
        .filter(n -> master.id.equals(n.getSlaveOf()))
        .map(this::node)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no replica of " + master.port));
  }

  private Node node(RedisClusterNode n) {
    return all().stream()
        .filter(x -> x.port == n.getUri().getPort())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("not a node of ours: " + n));
  }

  /** The seed nodes a client is given: every node. */
  List<RedisURI> seeds() {
    return all().stream().map(Node::uri).toList();
  }

  /** Every node as {@code host:port,host:port,...}, as {@code spring.data.redis.cluster.nodes}. */
  public String addresses() {
    return String.join(",", all().stream().map(n -> "127.0.0.1:" + n.port).toList());
  }

  /**
   * The state the tests rely on: every slot served, the cluster ok on every node, each master with
   * a replica whose link is up.
   */
  public boolean ready() {
    try {
      for (Node n : all()) {
        String info = n.call(RedisCommands::clusterInfo);
        if (!info.contains("cluster_state:ok")
            || !info.contains("cluster_slots_ok:" + SLOTS)
            || !agreesOnRoles(n)) {
          return false;
        }
      }
      int linked = 0;
      for (Node n : all()) {
        String replication = n.call(r -> r.info("replication"));
        if (replication.contains("role:slave") && replication.contains("master_link_status:up")) {
          linked++;
        }
      }
      return linked == MASTERS;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether {@code n}'s view has settled: three masters with slots and three replicas, all
   * connected and none suspected failing (a client reading a view still in gossip would write to a
   * replica).
   */
  private boolean agreesOnRoles(Node n) {
    String nodes = n.call(RedisCommands::clusterNodes);
    Partitions view = ClusterPartitionParser.parse(nodes);
    long masters =
        view.stream()
            .filter(x -> x.is(RedisClusterNode.NodeFlag.UPSTREAM) && !x.getSlots().isEmpty())
            .count();
    long replicas = view.stream().filter(x -> x.is(RedisClusterNode.NodeFlag.REPLICA)).count();
    boolean healthy =
        view.stream()
            .noneMatch(
                x ->
                    x.is(RedisClusterNode.NodeFlag.FAIL)
                        || x.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL));
    return masters == MASTERS
        && replicas == MASTERS
        && healthy
        && nodes.lines().allMatch(l -> l.contains(" connected"));
  }

  private boolean knowsAll(Node n) {
    String nodes = n.call(RedisCommands::clusterNodes);
    Set<String> known = new HashSet<>();
    for (String line : nodes.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length > 7 && parts[7].equals("connected")) {
        known.add(parts[0]);
      }
    }
    return known.size() == 2 * MASTERS;
  }

  private static void start(Node n) {
    try {
      n.server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start redis-server on port " + n.port, e);
    }
  }

  private void stopAll() {
    for (Node n : all()) {
      try {
        n.server.stop();
      } catch (IOException | RuntimeException e) {
        // stopping anyway
      }
    }
  }

  /** Polls {@code condition} every 20 ms for up to 20 s. */
  public static void await(String what, BooleanSupplier condition) {
    RedisTestBase.eventually(Duration.ofSeconds(20), what, condition);
  }

  /** Ports p with p + 10000 (the cluster bus) free too. */
  /**
   * Ports free now whose bus ports (+10000) are free too, and none of which is another chosen
   * node's port or bus port: a node's bus port taken as another node's port made that node fail to
   * bind once the first had started.
   */
  private static List<Integer> freePorts(int count) {
    List<Integer> ports = new ArrayList<>();
    Set<Integer> taken = new HashSet<>();
    while (ports.size() < count) {
      int p = EmbeddedRedis.freePort();
      if (p < 55535 && !taken.contains(p) && !taken.contains(p + 10000) && isFree(p + 10000)) {
        ports.add(p);
        taken.add(p);
        taken.add(p + 10000);
      }
    }
    return ports;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static final class Holder {
    static final EmbeddedRedisCluster SHARED = start();

    private static EmbeddedRedisCluster start() {
      EmbeddedRedisCluster cluster;
      try {
        cluster = new EmbeddedRedisCluster();
      } catch (RuntimeException first) {
        // a port taken by another process between the check and the start: once more, new ports
        cluster = new EmbeddedRedisCluster();
      }
      Runtime.getRuntime()
          .addShutdownHook(new Thread(cluster::stopAll, "embedded-redis-cluster-stop"));
      return cluster;
    }
  }
}
