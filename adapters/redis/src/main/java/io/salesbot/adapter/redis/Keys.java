package io.salesbot.adapter.redis;

import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.Priority;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every key name the adapter uses, all under one prefix; the one place that knows the layout.
 *
 * <p><b>Standalone Redis</b> (unchanged since before Redis Cluster was supported, so an upgrade
 * needs no migration): {@code <p>:in:hot}, {@code <p>:in:normal}, {@code <p>:seen:<eventId>},
 * {@code <p>:out:<platform>}, {@code <p>:wait:<platform>}, {@code <p>:wait-line:<platform>:<hash>},
 * {@code <p>:dead}, {@code <p>:budget:<key>}, {@code <p>:quota:<key>}.
 *
 * <p><b>Redis Cluster</b>: keys that a Lua script or a multi-key command touches together share a
 * hash tag ({@code {...}}: Redis hashes only what is between the braces), so they live in one slot.
 * One tag per <em>group</em>:
 *
 * <ul>
 *   <li>{@code {<p>:in}}: both lanes ({@code {<p>:in}:hot}, {@code {<p>:in}:normal}, read by one
 *       XREADGROUP), their dedupe keys ({@code {<p>:in}:seen:<eventId>}, set by the append script)
 *       and their dead letters ({@code {<p>:in}:dead});
 *   <li>{@code {<p>:out:<platform>}}: the platform's stream (the key itself), its waiting set
 *       ({@code {<p>:out:<platform>}:wait}), lines ({@code ...:wait-line:<hash>}) and dead letters
 *       ({@code {<p>:out:<platform>}:dead}) — so each platform may sit on another shard;
 *   <li>{@code <p>:quota:{<key up to its last ':'>}:<last part>}: allowances taken together (one
 *       recipient's windows) share everything up to their last colon;
 *   <li>keys used alone (budgets, tokens, once-marks) need no tag and keep their names.
 * </ul>
 *
 * <p><b>The rule for a new key:</b> build it here; if a script or a multi-key command touches it
 * together with other keys, give it the tag of the group it goes with ({@link #inbound}, {@link
 * #outboxGroup}) in cluster mode and keep the standalone name as it would have been.
 */
final class Keys {
  private final String prefix;
  private final boolean cluster;

  Keys(String prefix) {
    this(prefix, false);
  }

  Keys(String prefix, boolean cluster) {
    this.prefix = prefix;
    this.cluster = cluster;
  }

  boolean cluster() {
    return cluster;
  }

  /** The inbound group: {@code <p>:in} (standalone) or the tag {@code {<p>:in}} (cluster). */
  private String inbound() {
    return cluster ? "{" + prefix + ":in}" : prefix + ":in";
  }

  /** The group of a platform's outbox: the tag {@code {<p>:out:<platform>}} in cluster mode. */
  private String outboxGroup(String platform) {
    return "{" + prefix + ":out:" + platform + "}";
  }

  String lane(Priority priority) {
    return inbound() + ":" + priority.lane();
  }

  String hot() {
    return lane(Priority.HOT);
  }

  String normal() {
    return lane(Priority.NORMAL);
  }

  /** Lead submissions go to the lane of their priority; everything else to hot (a person waits). */
  String laneOf(InboundEvent event) {
    if (event instanceof InboundEvent.LeadSubmitted lead) {
      return lane(lead.submission().priority());
    }
    return hot();
  }

  String outbox(String platform) {
    return cluster ? outboxGroup(platform) : prefix + ":out:" + platform;
  }

  /** Commands put aside until a time: a sorted set scored by not-before (epoch ms). */
  String waiting(String platform) {
    return cluster ? outboxGroup(platform) + ":wait" : prefix + ":wait:" + platform;
  }

  /** The last not-before given to a command for one set of recipients (spreads them out). */
  String waitingLine(String platform, String recipientsHash) {
    return cluster
        ? outboxGroup(platform) + ":wait-line:" + recipientsHash
        : prefix + ":wait-line:" + platform + ":" + recipientsHash;
  }

  /** A send-budget bucket (Bucket4j's state). */
  String budget(String key) {
    return prefix + ":budget:" + key;
  }

  /** An allowance or counter of {@code Quotas}. */
  String quota(String key) {
    if (!cluster) {
      return prefix + ":quota:" + key;
    }
    String group = quotaGroup(key);
    return prefix + ":quota:{" + group + "}" + key.substring(group.length());
  }

  /** Whether {@link #quota} puts these keys in one slot (always on a standalone Redis). */
  boolean sameSlot(List<String> quotaKeys) {
    return !cluster || quotaKeys.stream().map(Keys::quotaGroup).distinct().count() <= 1;
  }

  /** A quota key up to its last {@code ':'} (the whole key when it has none): its hash tag. */
  private static String quotaGroup(String key) {
    int last = key.lastIndexOf(':');
    return last <= 0 ? key : key.substring(0, last);
  }

  String seen(String eventId) {
    return cluster ? inbound() + ":seen:" + eventId : prefix + ":seen:" + eventId;
  }

  /** The dead letters of a standalone Redis: one stream for all. */
  String dead() {
    return prefix + ":dead";
  }

  /**
   * Where entries of {@code stream} go when dead-lettered: {@link #dead()} on a standalone Redis;
   * in cluster mode the dead letters of the stream's group, in the stream's slot.
   */
  String deadFor(String stream) {
    if (!cluster) {
      return dead();
    }
    if (stream.equals(hot()) || stream.equals(normal())) {
      return inbound() + ":dead";
    }
    return platformOf(stream)
        .map(p -> outboxGroup(p) + ":dead")
        .orElseThrow(() -> new IllegalArgumentException("not a stream of ours: " + stream));
  }

  /** Every dead-letter stream for these platforms: one on a standalone Redis. */
  List<String> deadStreams(Collection<String> platforms) {
    return queues(platforms).entrySet().stream()
        .filter(e -> isDeadQueue(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Whether a queue name of {@link #queues} is one of dead letters. */
  static boolean isDeadQueue(String queue) {
    return queue.equals("dead") || queue.startsWith("dead:");
  }

  /**
   * Every stream of ours for these platforms, in the order {@code stats()} reports them, with its
   * <em>queue</em>: a name that does not depend on the key prefix or the layout, for metrics and
   * alerts that must match a standalone Redis and a cluster alike — {@code in:hot}, {@code
   * in:normal}, {@code out:<platform>}, and the dead letters: {@code dead} (standalone: one stream)
   * or {@code dead:in}, {@code dead:out:<platform>} (cluster: one per group).
   */
  Map<String, String> queues(Collection<String> platforms) {
    Map<String, String> queues = new LinkedHashMap<>();
    for (Priority p : List.of(Priority.HOT, Priority.NORMAL)) {
      queues.put(lane(p), "in:" + p.lane());
    }
    TreeSet<String> sorted = new TreeSet<>(platforms);
    sorted.forEach(p -> queues.put(outbox(p), "out:" + p));
    if (!cluster) {
      queues.put(dead(), "dead");
      return queues;
    }
    queues.put(deadFor(hot()), "dead:in");
    sorted.forEach(p -> queues.put(deadFor(outbox(p)), "dead:out:" + p));
    return queues;
  }

  /** The platform whose outbox {@code stream} is. */
  Optional<String> platformOf(String stream) {
    String head = cluster ? "{" + prefix + ":out:" : prefix + ":out:";
    String tail = cluster ? "}" : "";
    if (!stream.startsWith(head)
        || !stream.endsWith(tail)
        || stream.length() <= head.length() + tail.length()) {
      return Optional.empty();
    }
    String platform = stream.substring(head.length(), stream.length() - tail.length());
    return outbox(platform).equals(stream) ? Optional.of(platform) : Optional.empty();
  }

  /** Whether a dead letter may be replayed into this stream: only our own lanes and outboxes. */
  boolean isOwnStream(String stream) {
    return stream.equals(hot()) || stream.equals(normal()) || platformOf(stream).isPresent();
  }
}
