package io.salesbot.server.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Console sessions, kept in this JVM's memory: a random id in the cookie names a server-side
 * session with the signed-in person and its CSRF token. Lost on restart and not shared between
 * instances — enough for the try-out sign-in of this slice; sign-in with WeCom and DingTalk will
 * keep them in Redis (see docs/console.md). Bounded: at most {@value #MAX_SESSIONS} sessions, the
 * one closest to expiry giving way when full.
 */
final class ConsoleSessions {
  static final int MAX_SESSIONS = 10_000;

  /**
   * A signed-in person.
   *
   * @param id the session id, the cookie's value
   * @param userId the sandbox user id they signed in as
   * @param name their display name
   * @param role {@code rep} or {@code manager}
   * @param csrfToken the token every form and POST of this session must carry
   * @param expiresAt when the session ends, whatever happens
   */
  record Session(
      String id, String userId, String name, String role, String csrfToken, Instant expiresAt) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration lifetime;

  ConsoleSessions(Clock clock, Duration lifetime) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /** A new session, with a fresh id and CSRF token (never one the browser had before). */
  Session start(String userId, String name, String role) {
    if (sessions.size() >= MAX_SESSIONS) {
      Instant now = clock.instant();
      sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.values().stream()
            .min(Comparator.comparing(Session::expiresAt))
            .ifPresent(s -> sessions.remove(s.id()));
      }
    }
    Session session =
        new Session(token(), userId, name, role, token(), clock.instant().plus(lifetime));
    sessions.put(session.id(), session);
    return session;
  }

  /** The live session with this id; an expired one is forgotten. */
  Optional<Session> find(@Nullable String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    if (!session.expiresAt().isAfter(clock.instant())) {
      sessions.remove(id, session);
      return Optional.empty();
    }
    return Optional.of(session);
  }

  void end(String id) {
    sessions.remove(id);
  }

  /** How long this session has left. */
  Duration remaining(Session session) {
    Duration left = Duration.between(clock.instant(), session.expiresAt());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** 32 random bytes, URL-safe Base64: a session id or a CSRF token. */
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
        expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
