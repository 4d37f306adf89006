package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.T0_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.AccessTokens.Token;
import io.salesbot.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour of {@link AccessTokens} that the shared token refresher relies on: a cached token
 * until it expires, invalidation that spares a newer token, and a refresh lock held by one owner at
 * a time for at most its time to live. Times have millisecond precision.
 */
public abstract class AccessTokensContract {
  private static final String KEY = "wecom:corp:1000002";
  private static final Duration LOCK = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(T0_MILLIS);

  /** An empty store keeping time by {@code clock}; called once per test. */
  protected abstract AccessTokens accessTokens(Clock clock);

  /**
   * Lets {@code d} pass for the store. Moves the clock; a store that keeps time itself (Redis TTLs)
   * ages what it holds by {@code d} as well.
   */
  protected void elapse(Duration d) {
    clock.advance(d);
  }

  private AccessTokens tokens;

  private synchronized AccessTokens store() {
    if (tokens == null) {
      tokens = accessTokens(clock);
    }
    return tokens;
  }

  private Token token(String value, Duration lifetime) {
    return new Token(value, clock.instant().plus(lifetime));
  }

  private boolean lock(String key, String owner) {
    return Boolean.TRUE.equals(store().tryLock(key, owner, LOCK).block());
  }

  @Test
  public void a_stored_token_is_found_under_its_key_and_a_newer_one_replaces_it() {
    assertThat(store().get(KEY).block()).isNull();
    Token first = token("tok-1", Duration.ofHours(2));
    store().put(KEY, first).block();
    assertThat(store().get(KEY).block()).isEqualTo(first);
    assertThat(store().get("wecom:corp:other").block()).isNull();

    Token second = token("tok-2", Duration.ofMinutes(90));
    store().put(KEY, second).block();
    assertThat(store().get(KEY).block()).isEqualTo(second);
  }

  @Test
  public void a_token_is_gone_once_it_expires() {
    Token t = token("tok-1", Duration.ofHours(2));
    store().put(KEY, t).block();

    elapse(Duration.ofMinutes(119));
    assertThat(store().get(KEY).block()).isEqualTo(t);
    elapse(Duration.ofMinutes(2));
    assertThat(store().get(KEY).block()).isNull();
  }

  @Test
  public void storing_a_token_that_has_already_expired_changes_nothing() {
    Token live = token("live", Duration.ofHours(2));
    store().put(KEY, live).block();

    store().put(KEY, new Token("stale", clock.instant().minusSeconds(1))).block();
    store().put(KEY, new Token("now", clock.instant())).block();
    store().put("wecom:corp:other", new Token("stale", clock.instant().minusSeconds(1))).block();

    assertThat(store().get(KEY).block()).isEqualTo(live);
    assertThat(store().get("wecom:corp:other").block()).isNull();
  }

  @Test
  public void invalidate_drops_the_token_only_while_it_is_still_the_stored_one() {
    store().put(KEY, token("old", Duration.ofHours(2))).block();
    Token fresh = token("fresh", Duration.ofHours(2));
    store().put(KEY, fresh).block();

    // Another instance refreshed meanwhile: its token stays.
    store().invalidate(KEY, "old").block();
    assertThat(store().get(KEY).block()).isEqualTo(fresh);

    store().invalidate(KEY, "fresh").block();
    assertThat(store().get(KEY).block()).isNull();
    store().invalidate(KEY, "fresh").block(); // twice is harmless
    store().invalidate("never-stored", "x").block();
  }

  @Test
  public void the_refresh_lock_has_one_owner_at_a_time_and_only_the_owner_unlocks_it() {
    assertThat(lock(KEY, "instance-a")).isTrue();
    assertThat(lock(KEY, "instance-b")).isFalse();
    assertThat(lock(KEY, "instance-a")).isFalse(); // not re-entrant
    assertThat(lock("wecom:corp:other", "instance-b")).isTrue();

    store().unlock(KEY, "instance-b").block();
    assertThat(lock(KEY, "instance-b")).isFalse();
    store().unlock(KEY, "instance-a").block();
    assertThat(lock(KEY, "instance-b")).isTrue();
  }

  @Test
  public void the_refresh_lock_lapses_after_its_time_to_live() {
    assertThat(lock(KEY, "instance-a")).isTrue();

    elapse(LOCK.minusSeconds(5));
    assertThat(lock(KEY, "instance-b")).isFalse();
    elapse(Duration.ofSeconds(10));
    assertThat(lock(KEY, "instance-b")).isTrue();
    // The lapsed owner's unlock does not free the new owner's lock.
    store().unlock(KEY, "instance-a").block();
    assertThat(lock(KEY, "instance-c")).isFalse();
  }

  @Test
  public void the_lock_and_the_token_of_a_key_are_independent() {
    Token t = token("tok-1", Duration.ofHours(2));
    store().put(KEY, t).block();
    assertThat(lock(KEY, "instance-a")).isTrue();

    store().unlock(KEY, "instance-a").block();
    assertThat(store().get(KEY).block()).isEqualTo(t);
    store().invalidate(KEY, "tok-1").block();
    assertThat(lock(KEY, "instance-b")).isTrue();
  }

  @Test
  public void concurrent_instances_get_the_lock_once() {
    List<Boolean> results =
        Flux.range(0, 12)
            .parallel(8)
            .runOn(Schedulers.boundedElastic())
            .flatMap(n -> store().tryLock(KEY, "instance-" + n, LOCK))
            .sequential()
            .collectList()
            .block();

    assertThat(Objects.requireNonNull(results)).hasSize(12);
    assertThat(results.stream().filter(Boolean::booleanValue)).hasSize(1);
  }

  @Test
  public void nothing_changes_until_subscribed() {
    Token t = token("tok-1", Duration.ofHours(2));
    store().put(KEY, t).block();
    store().put(KEY, token("tok-2", Duration.ofHours(2)));
    store().invalidate(KEY, "tok-1");
    store().tryLock(KEY, "instance-a", LOCK);

    assertThat(store().get(KEY).block()).isEqualTo(t);
    assertThat(lock(KEY, "instance-b")).isTrue();
    store().unlock(KEY, "instance-b");
    assertThat(lock(KEY, "instance-c")).isFalse();
  }

  @Test
  public void get_reads_the_store_when_subscribed_not_when_made() {
    var get = store().get(KEY);
    Token t = token("tok-1", Duration.ofHours(2));
    store().put(KEY, t).block();

    assertThat(get.block()).isEqualTo(t);
  }
}
