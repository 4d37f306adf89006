package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.platform.CardReferences.CardReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour of {@link CardReferences} that card updates rely on: one reference per platform,
 * card and person, the newest wins, expired ones are never handed out, and a single-use reference
 * is consumed by exactly one caller.
 */
public abstract class CardReferencesContract {
  private static final Duration VALID = Duration.ofHours(72);

  /** An empty store; called once per test. */
  protected abstract CardReferences cardReferences();

  /**
   * The present as the store sees it, with microsecond precision; the references of these tests
   * expire 72 hours after it. The fake has no clock of its own, so any time will do; PostgreSQL
   * clears references that expired over a day ago by its own clock on every save, so its test says
   * what time it is there.
   */
  protected Instant now() {
    return ContractFixtures.T0;
  }

  private Instant t0;

  private CardReferences references;

  private synchronized CardReferences store() {
    if (references == null) {
      references = cardReferences();
      t0 = now();
    }
    return references;
  }

  private CardReference ref(String cardId, Address person, String code) {
    return new CardReference("wecom", cardId, person, code, t0().plus(VALID));
  }

  private Instant t0() {
    store();
    return t0;
  }

  private CardReference find(String cardId, Address person, Instant now) {
    return store().find("wecom", cardId, person, now).block();
  }

  @Test
  public void a_reference_is_found_per_platform_card_and_person() {
    CardReference lisi = ref("card-1", LISI, "code-a");
    store().save(lisi).block();

    assertThat(find("card-1", LISI, t0())).isEqualTo(lisi);
    assertThat(find("card-1", WANGWU, t0())).isNull();
    assertThat(find("card-2", LISI, t0())).isNull();
    assertThat(store().find("dingtalk", "card-1", LISI, t0()).block()).isNull();
  }

  @Test
  public void the_newest_reference_replaces_the_older_one() {
    store().save(ref("card-1", LISI, "code-a")).block();
    CardReference newer =
        new CardReference("wecom", "card-1", LISI, "code-b", t0().plus(VALID).plusSeconds(60));
    store().save(newer).block();

    assertThat(find("card-1", LISI, t0())).isEqualTo(newer);
  }

  @Test
  public void an_expired_reference_is_not_found() {
    CardReference r = ref("card-1", LISI, "code-a");
    store().save(r).block();

    assertThat(find("card-1", LISI, r.expiresAt().minusNanos(1000))).isEqualTo(r);
    assertThat(find("card-1", LISI, r.expiresAt())).isNull();
    assertThat(find("card-1", LISI, r.expiresAt().plusSeconds(1))).isNull();
  }

  @Test
  public void remove_forgets_the_reference_only_while_it_is_still_the_stored_one() {
    CardReference old = ref("card-1", LISI, "code-a");
    store().save(old).block();
    CardReference newer = ref("card-1", LISI, "code-b");
    store().save(newer).block();

    store().remove(old).block();
    assertThat(find("card-1", LISI, t0())).isEqualTo(newer);

    // The same code, whatever expiry the caller remembers, is the stored one.
    store().remove(new CardReference("wecom", "card-1", LISI, "code-b", t0())).block();
    assertThat(find("card-1", LISI, t0())).isNull();
    store().remove(newer).block(); // twice is harmless
  }

  @Test
  public void consume_takes_every_copy_of_a_code_once_and_only_the_first_caller_wins() {
    // One send to two people: both hold the same single-use code.
    store().save(ref("card-1", LISI, "shared")).block();
    store().save(ref("card-1", WANGWU, "shared")).block();
    CardReference other = ref("card-2", LISI, "other");
    store().save(other).block();

    assertThat(store().consume("wecom", "shared").block()).isTrue();
    assertThat(find("card-1", LISI, t0())).isNull();
    assertThat(find("card-1", WANGWU, t0())).isNull();
    assertThat(find("card-2", LISI, t0())).isEqualTo(other);
    assertThat(store().consume("wecom", "shared").block()).isFalse();
    assertThat(store().consume("dingtalk", "other").block()).isFalse();
    assertThat(find("card-2", LISI, t0())).isEqualTo(other);
  }

  @Test
  public void concurrent_consumers_of_one_code_have_exactly_one_winner() {
    store().save(ref("card-1", LISI, "shared")).block();
    store().save(ref("card-1", WANGWU, "shared")).block();

    List<Boolean> results =
        Flux.range(0, 12)
            .parallel(12)
            .runOn(Schedulers.boundedElastic())
            .flatMap(n -> store().consume("wecom", "shared"))
            .sequential()
            .collectList()
            .block();

    assertThat(Objects.requireNonNull(results).stream().filter(Boolean::booleanValue)).hasSize(1);
    assertThat(results).hasSize(12);
  }

  @Test
  public void nothing_changes_until_subscribed() {
    CardReference r = ref("card-1", LISI, "code-a");
    store().save(r).block();
    store().save(ref("card-1", LISI, "code-b"));
    store().save(ref("card-9", WANGWU, "code-c"));
    store().remove(r);
    store().consume("wecom", "code-a");

    assertThat(find("card-1", LISI, t0())).isEqualTo(r);
    assertThat(find("card-9", WANGWU, t0())).isNull();
  }
}
