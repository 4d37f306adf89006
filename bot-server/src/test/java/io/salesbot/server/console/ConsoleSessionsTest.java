package io.salesbot.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.server.console.ConsoleSessions.Person;
import io.salesbot.server.console.ConsoleSessions.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console's session and sign-in-state store, against a real Redis. */
class ConsoleSessionsTest {
  private final RedisClient client = ConsoleRedis.client();
  private final String prefix = ConsoleRedis.prefix();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-03T02:00:00Z"));
  private final ConsoleSessions sessions =
      new ConsoleSessions(client, prefix, clock, Duration.ofHours(12));
  private final StatefulRedisConnection<String, String> raw = client.connect();

  private static final Person MANAGER =
      new Person(
          "wecom", "zhaoliu", "赵六", new ConsoleRoles.Access("manager", List.of("east", "south")));

  @AfterEach
  void close() {
    sessions.close();
    raw.close();
  }

  @Test
  void a_session_survives_a_restart_and_is_shared_between_instances() {
    Session started = sessions.start(MANAGER).block();

    // Another instance (or this one after a restart): a new connection, the same Redis.
    try (ConsoleSessions other = new ConsoleSessions(client, prefix, clock, Duration.ofHours(12))) {
      Session found = other.find(started.id()).block();
      assertThat(found).isEqualTo(started);
      assertThat(found.role()).isEqualTo("manager");
      assertThat(found.teams()).containsExactly("east", "south");
      assertThat(found.platform()).isEqualTo("wecom");
    }
  }

  @Test
  void redis_keeps_a_session_no_longer_than_its_lifetime_and_never_under_the_cookie_value() {
    Session started = sessions.start(MANAGER).block();
    List<String> keys = raw.sync().keys(prefix + ":console:session:*");
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0)).doesNotContain(started.id());
    long ttl = raw.sync().pttl(keys.get(0));
    assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(12).toMillis());
  }

  @Test
  void sign_out_deletes_the_session() {
    Session started = sessions.start(MANAGER).block();
    sessions.end(started.id()).block();
    assertThat(sessions.find(started.id()).blockOptional()).isEmpty();
    assertThat(raw.sync().keys(prefix + ":console:session:*")).isEmpty();
  }

  @Test
  void a_session_past_its_end_is_not_found() {
    Session started = sessions.start(MANAGER).block();
    clock.advance(Duration.ofHours(12));
    assertThat(sessions.find(started.id()).blockOptional()).isEmpty();
  }

  @Test
  void unknown_or_missing_ids_find_nothing() {
    assertThat(sessions.find(null).blockOptional()).isEmpty();
    assertThat(sessions.find("").blockOptional()).isEmpty();
    assertThat(sessions.find(ConsoleSessions.token()).blockOptional()).isEmpty();
  }

  @Test
  void sessions_get_fresh_random_ids_and_tokens() {
    Session a = sessions.start(MANAGER).block();
    Session b = sessions.start(MANAGER).block();
    assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
    assertThat(a.csrfToken()).isNotEqualTo(b.csrfToken()).isNotEqualTo(a.id());
  }

  @Test
  void a_sign_in_state_is_taken_once_and_lives_ten_minutes() {
    String state = sessions.newState("dingtalk").block();
    List<String> keys = raw.sync().keys(prefix + ":console:state:*");
    assertThat(keys).hasSize(1);
    assertThat(raw.sync().pttl(keys.get(0)))
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());

    assertThat(sessions.takeState(state).block()).isEqualTo("dingtalk");
    assertThat(sessions.takeState(state).blockOptional()).isEmpty();
    assertThat(sessions.takeState(ConsoleSessions.token()).blockOptional()).isEmpty();
    assertThat(sessions.takeState("").blockOptional()).isEmpty();
  }
}
