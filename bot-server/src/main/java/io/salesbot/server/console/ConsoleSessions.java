package io.salesbot.server.console;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Console sessions and sign-in states, kept in Redis so that a session survives a restart and every
 * instance knows it: a random id in the cookie names a session, stored as JSON under {@code
 * <prefix>:console:session:<sha256(id)>} (the key never holds the cookie's value itself) with the
 * session's remaining lifetime as its TTL, so Redis forgets it when it ends. A sign-in state (the
 * OAuth {@code state} of one WeCom or DingTalk sign-in) lives under {@code
 * <prefix>:console:state:<sha256(state)>} for {@link #STATE_LIFETIME} and is taken once.
 */
final class ConsoleSessions implements AutoCloseable {
  /** How long a sign-in with WeCom or DingTalk may take, from the button to the callback. */
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);

  /**
   * A signed-in person.
   *
   * @param id the session id, the cookie's value
   * @param platform the platform they signed in with: {@code sandbox}, {@code wecom} or {@code
   *     dingtalk}
   * @param userId their user id on that platform
   * @param name their display name
   * @param role {@code rep}, {@code manager} or {@code admin} (see {@link ConsoleRoles})
   * @param teams the ids of the teams they belong to (a rep) or manage (a manager)
   * @param csrfToken the token every form and POST of this session must carry
   * @param expiresAt when the session ends, whatever happens
   */
  record Session(
      String id,
      String platform,
      String userId,
      String name,
      String role,
      List<String> teams,
      String csrfToken,
      Instant expiresAt) {
    Session {
      teams = List.copyOf(teams);
    }

    boolean managesTeams() {
      return role.equals(ConsoleRoles.MANAGER) || role.equals(ConsoleRoles.ADMIN);
    }
  }

  /** Who signs in: the person and what they may see. */
  record Person(String platform, String userId, String name, ConsoleRoles.Access access) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** GET and DEL in one step: a state is taken once, even by two instances at the same time. */
  private static final String TAKE =
      "local v = redis.call('GET', KEYS[1]); if v then redis.call('DEL', KEYS[1]) end; return v";

  private final AbstractRedisClient client;
  private final Object lock = new Object();
  private volatile @Nullable StatefulConnection<String, String> connection;
  private volatile @Nullable RedisClusterReactiveCommands<String, String> commands;
  private volatile boolean closed;
  private final String prefix;
  private final Clock clock;
  private final Duration lifetime;

  /**
   * @param prefix the pipeline's key prefix ({@code salesbot.pipeline.key-prefix}), so that two
   *     salesbots sharing a Redis keep their sessions apart
   */
  ConsoleSessions(AbstractRedisClient client, String prefix, Clock clock, Duration lifetime) {
    this.client = Objects.requireNonNull(client, "client");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /** A new session, with a fresh id and CSRF token (never one the browser had before). */
  Mono<Session> start(Person person) {
    Session session =
        new Session(
            token(),
            person.platform(),
            person.userId(),
            person.name(),
            person.access().role(),
            person.access().teams(),
            token(),
            clock.instant().plus(lifetime));
    return redis()
        .flatMap(
            redis ->
                redis.set(
                    sessionKey(session.id()),
                    JSON.writeValueAsString(json(session)),
                    SetArgs.Builder.px(lifetime.toMillis())))
        .thenReturn(session);
  }

  /** The live session with this id, or empty. */
  Mono<Session> find(@Nullable String id) {
    if (id == null || id.isBlank() || id.length() > 100) {
      return Mono.empty();
    }
    return redis()
        .flatMap(redis -> redis.get(sessionKey(id)))
        .map(text -> session(id, JSON.readTree(text)))
        .filter(s -> s.expiresAt().isAfter(clock.instant()));
  }

  Mono<Void> end(String id) {
    return redis().flatMap(redis -> redis.del(sessionKey(id))).then();
  }

  /** How long this session has left. */
  Duration remaining(Session session) {
    Duration left = Duration.between(clock.instant(), session.expiresAt());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** A new sign-in state for {@code platform}, valid for {@link #STATE_LIFETIME}. */
  Mono<String> newState(String platform) {
    String state = token();
    return redis()
        .flatMap(
            redis ->
                redis.set(stateKey(state), platform, SetArgs.Builder.px(STATE_LIFETIME.toMillis())))
        .thenReturn(state);
  }

  /**
   * Takes the sign-in state: the platform it was made for, once; empty when it is unknown, used or
   * older than {@link #STATE_LIFETIME}.
   */
  Mono<String> takeState(String state) {
    if (state.isBlank() || state.length() > 100) {
      return Mono.empty();
    }
    return redis()
        .flatMap(redis -> redis.<String>eval(TAKE, ScriptOutputType.VALUE, stateKey(state)).next())
        .filter(Objects::nonNull);
  }

  /**
   * The connection, opened on first use (so salesbot starts while Redis is still down or slow); a
   * failed attempt is not kept, the next request tries again.
   */
  private Mono<RedisClusterReactiveCommands<String, String>> redis() {
    RedisClusterReactiveCommands<String, String> c = commands;
    if (c != null) {
      return Mono.just(c);
    }
    return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic());
  }

  /** A standalone or a cluster connection: one key per command, so either serves. */
  private RedisClusterReactiveCommands<String, String> connect() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the console's session store is closed");
      }
      RedisClusterReactiveCommands<String, String> c = commands;
      if (c == null) {
        if (client instanceof RedisClusterClient cluster) {
          StatefulRedisClusterConnection<String, String> s = cluster.connect();
          connection = s;
          c = s.reactive();
        } else {
          StatefulRedisConnection<String, String> s = ((RedisClient) client).connect();
          connection = s;
          c = s.reactive();
        }
        commands = c;
      }
      return c;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      StatefulConnection<String, String> c = connection;
      if (c != null) {
        c.close();
      }
    }
  }

  private String sessionKey(String id) {
    return prefix + ":console:session:" + sha256(id);
  }

  private String stateKey(String state) {
    return prefix + ":console:state:" + sha256(state);
  }

  private static ObjectNode json(Session s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("platform", s.platform());
    node.put("userId", s.userId());
    node.put("name", s.name());
    node.put("role", s.role());
    tools.jackson.databind.node.ArrayNode teams = node.putArray("teams");
    s.teams().forEach(teams::add);
    node.put("csrf", s.csrfToken());
    node.put("expiresAt", s.expiresAt().toEpochMilli());
    return node;
  }

  private static Session session(String id, JsonNode node) {
    List<String> teams = new ArrayList<>();
    node.path("teams").forEach(t -> teams.add(t.asString()));
    return new Session(
        id,
        node.path("platform").asString(),
        node.path("userId").asString(),
        node.path("name").asString(),
        node.path("role").asString(),
        teams,
        node.path("csrf").asString(),
        Instant.ofEpochMilli(node.path("expiresAt").asLong()));
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** 32 random bytes, URL-safe Base64: a session id, a CSRF token or a sign-in state. */
  static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Compares tokens in constant time. */
  static boolean same(@Nullable String expected, @Nullable String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
