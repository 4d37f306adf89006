package io.salesbot.adapter.redis;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.salesbot.core.platform.DeadLetters;
import io.salesbot.core.platform.domain.DeadLetter;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dead-letter streams ({@link Keys#deadStreams}: one on a standalone Redis, one per lane group
 * and platform on Redis Cluster, each in the slot of the streams it serves): each entry holds the
 * failed entry's own fields plus {@code _stream}, {@code _entryId}, {@code _error}, {@code
 * _attempts} and {@code _failedAt}. On Redis Cluster two dead-letter streams may hold the same id
 * (entry ids are unique per stream only); {@link #replay(String)} then replays the first found, the
 * lanes' before the platforms' in platform order.
 */
final class RedisDeadLetters implements DeadLetters {
  private static final Pattern ENTRY_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");

  /** Newest first: by the id's milliseconds, then its sequence number. */
  private static final Comparator<StreamMessage<String, String>> NEWEST_FIRST =
      Comparator.<StreamMessage<String, String>>comparingLong(e -> idPart(e.getId(), 0))
          .thenComparingLong(e -> idPart(e.getId(), 1))
          .reversed();

  private final StreamOps ops;
  private final Collection<String> platforms;

  /** {@code platforms}: those whose dead letters exist on Redis Cluster (read on each call). */
  RedisDeadLetters(StreamOps ops, Collection<String> platforms) {
    this.ops = ops;
    this.platforms = platforms;
  }

  private List<String> deadStreams() {
    return ops.keys().deadStreams(platforms);
  }

  @Override
  public Flux<DeadLetter> list(int limit) {
    if (limit <= 0) {
      return Flux.empty();
    }
    return Flux.fromIterable(deadStreams())
        .concatMap(dead -> ops.newestFirst(dead, limit))
        .flatMapIterable(entries -> entries)
        .sort(NEWEST_FIRST)
        .take(limit)
        .map(RedisDeadLetters::toDeadLetter);
  }

  @Override
  public Mono<Boolean> replay(String id) {
    if (!ENTRY_ID.matcher(id).matches()) {
      return Mono.just(false);
    }
    return Flux.fromIterable(deadStreams())
        .concatMap(
            dead ->
                ops.entry(dead, id)
                    .flatMap(found -> Mono.justOrEmpty(found.map(e -> Map.entry(dead, e)))))
        .next()
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return Mono.just(false);
              }
              String stream = found.get().getValue().getBody().get(StreamOps.META_STREAM);
              if (stream == null
                  || !ops.keys().isOwnStream(stream)
                  || !ops.keys().deadFor(stream).equals(found.get().getKey())) {
                return Mono.error(
                    new IllegalStateException(
                        "dead letter "
                            + id
                            + " names no stream of ours to replay into: "
                            + stream));
              }
              return ops.replay(id, stream)
                  .flatMap(
                      n -> {
                        if (n == -1L) {
                          return Mono.error(
                              new IllegalStateException(
                                  "dead letter " + id + " changed while being replayed"));
                        }
                        return Mono.just(n == 1L);
                      });
            });
  }

  /**
   * Pages through the dead letters whose ids (the time they were dead-lettered) fall in the range,
   * {@value #PAGE} at a time, replaying those of {@code stream}.
   */
  @Override
  public Mono<Integer> replayAll(String stream, Instant from, Instant to, int limit) {
    if (limit <= 0 || !from.isBefore(to) || !ops.keys().isOwnStream(stream)) {
      return Mono.just(0);
    }
    Range.Boundary<String> lower = Range.Boundary.including(Long.toString(from.toEpochMilli()));
    Range.Boundary<String> upper =
        Range.Boundary.including((to.toEpochMilli() - 1) + "-" + Long.toUnsignedString(-1L));
    return page(stream, lower, upper, limit, 0);
  }

  private static final int PAGE = 100;

  private Mono<Integer> page(
      String stream,
      Range.Boundary<String> lower,
      Range.Boundary<String> upper,
      int limit,
      int done) {
    return ops.range(ops.keys().deadFor(stream), Range.from(lower, upper), PAGE)
        .flatMap(
            entries -> {
              List<String> ids =
                  entries.stream()
                      .filter(e -> e.getBody() != null)
                      .filter(e -> stream.equals(e.getBody().get(StreamOps.META_STREAM)))
                      .map(StreamMessage::getId)
                      .limit(limit - done)
                      .toList();
              Mono<Integer> replayed =
                  Flux.fromIterable(ids)
                      .concatMap(id -> ops.replay(id, stream))
                      .filter(n -> n == 1L)
                      .count()
                      .map(Long::intValue);
              return replayed.flatMap(
                  n -> {
                    int total = done + n;
                    if (entries.size() < PAGE || total >= limit) {
                      return Mono.just(total);
                    }
                    String last = entries.get(entries.size() - 1).getId();
                    return page(stream, Range.Boundary.excluding(last), upper, limit, total);
                  });
            });
  }

  static DeadLetter toDeadLetter(StreamMessage<String, String> entry) {
    Map<String, String> body = entry.getBody() == null ? Map.of() : entry.getBody();
    Map<String, String> fields = new LinkedHashMap<>();
    body.forEach(
        (k, v) -> {
          if (!StreamOps.META.contains(k)) {
            fields.put(k, v);
          }
        });
    return new DeadLetter(
        entry.getId(),
        body.getOrDefault(StreamOps.META_STREAM, ""),
        fields,
        body.getOrDefault(StreamOps.META_ERROR, ""),
        parseInt(body.get(StreamOps.META_ATTEMPTS)),
        parseInstant(body.get(StreamOps.META_FAILED_AT), entry.getId()));
  }

  private static long idPart(String id, int part) {
    String[] parts = id.split("-", 2);
    try {
      return Long.parseLong(parts[Math.min(part, parts.length - 1)]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int parseInt(@Nullable String text) {
    if (text == null) {
      return 0;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The stored time, else the time in the entry id (milliseconds before the dash). */
  private static Instant parseInstant(@Nullable String text, String entryId) {
    if (text != null) {
      try {
        return Instant.parse(text);
      } catch (RuntimeException e) {
        // fall through
      }
    }
    try {
      return Instant.ofEpochMilli(Long.parseLong(entryId.substring(0, entryId.indexOf('-'))));
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }
}
