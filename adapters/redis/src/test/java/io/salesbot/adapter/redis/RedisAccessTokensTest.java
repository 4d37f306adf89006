package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.AccessTokens.Token;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class RedisAccessTokensTest extends RedisTestBase {
  private final AccessTokens tokens = adapter("tokens").accessTokens();

  @Test
  void stores_a_token_until_it_expires() {
    Instant expiresAt = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
    tokens.put("wecom:corp:1", new Token("tok-1", expiresAt)).block();

    assertThat(tokens.get("wecom:corp:1").block()).isEqualTo(new Token("tok-1", expiresAt));
    assertThat(redis.pttl("salesbot:token:wecom:corp:1")).isBetween(50_000L, 60_000L);
    assertThat(tokens.get("wecom:corp:2").block()).isNull();
  }

  @Test
  void a_token_already_expired_is_not_stored() {
    tokens.put("k", new Token("old", Instant.now().minusSeconds(1))).block();

    assertThat(tokens.get("k").block()).isNull();
  }

  @Test
  void invalidates_only_the_token_it_was_told_about() {
    Instant expiresAt = Instant.now().plusSeconds(60);
    tokens.put("k", new Token("new", expiresAt)).block();

    tokens.invalidate("k", "old").block();
    assertThat(tokens.get("k").block()).isNotNull();

    tokens.invalidate("k", "new").block();
    assertThat(tokens.get("k").block()).isNull();
  }

  @Test
  void one_owner_holds_the_refresh_lock_until_it_unlocks_or_the_lock_expires() {
    assertThat(tokens.tryLock("k", "a", Duration.ofSeconds(5)).block()).isTrue();
    assertThat(tokens.tryLock("k", "b", Duration.ofSeconds(5)).block()).isFalse();

    tokens.unlock("k", "b").block();
    assertThat(tokens.tryLock("k", "b", Duration.ofSeconds(5)).block()).isFalse();

    tokens.unlock("k", "a").block();
    assertThat(tokens.tryLock("k", "b", Duration.ofMillis(200)).block()).isTrue();
    eventually(
        Duration.ofSeconds(2),
        "the lock expires",
        () -> Boolean.TRUE.equals(tokens.tryLock("k", "c", Duration.ofSeconds(5)).block()));
  }
}
