package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.pooled;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.Offers;
import io.salesbot.core.routing.domain.Offer;
import io.salesbot.core.routing.domain.OfferState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link Offers} (push offers) that routing relies on. */
public abstract class OffersContract {
  /** An empty store of leads; called once per test, before {@link #offers()}. */
  protected abstract Leads leads();

  /** The offers of the same (empty) store as {@link #leads()}. */
  protected abstract Offers offers();

  private Offers offers;
  private Lead lead;

  private synchronized Offers store() {
    if (offers == null) {
      lead = pooled(leads(), "i1", "east");
      offers = offers();
    }
    return offers;
  }

  private Offer offer(int attempt, io.salesbot.core.kernel.domain.Address rep) {
    store();
    return new Offer(
        lead.id(),
        attempt,
        rep,
        OfferState.OPEN,
        T0.plusSeconds(attempt),
        T0.plusSeconds(attempt).plus(Duration.ofMinutes(5)));
  }

  @Test
  public void open_stores_an_offer_once_per_lead_and_attempt() {
    Offer first = offer(1, LISI);
    assertThat(store().open(first).block()).isEqualTo(first);
    // A redelivery, or another instance racing with another rep: the stored offer wins.
    assertThat(store().open(offer(1, WANGWU)).block()).isEqualTo(first);
    assertThat(store().of(lead.id()).collectList().block()).containsExactly(first);
  }

  @Test
  public void close_is_conditional_on_the_rep_and_on_being_open() {
    Offer first = store().open(offer(1, LISI)).block();

    assertThat(store().close(lead.id(), 1, WANGWU, OfferState.ACCEPTED, T0.plusSeconds(9)).block())
        .isNull();
    assertThat(store().close(lead.id(), 2, LISI, OfferState.ACCEPTED, T0.plusSeconds(9)).block())
        .isNull();
    Offer declined =
        store().close(lead.id(), 1, LISI, OfferState.DECLINED, T0.plusSeconds(10)).block();
    assertThat(declined)
        .isEqualTo(
            new Offer(
                lead.id(), 1, LISI, OfferState.DECLINED, first.offeredAt(), first.expiresAt()));
    // Answered once: an expiry arriving later changes nothing.
    assertThat(store().close(lead.id(), 1, LISI, OfferState.EXPIRED, T0.plusSeconds(11)).block())
        .isNull();
    assertThat(store().of(lead.id()).collectList().block()).containsExactly(declined);
  }

  @Test
  public void of_lists_a_lead_s_offers_by_attempt() {
    Offer third = store().open(offer(3, LISI)).block();
    Offer first = store().open(offer(1, WANGWU)).block();
    Offer second = store().open(offer(2, LISI)).block();

    assertThat(store().of(lead.id()).collectList().block()).containsExactly(first, second, third);
    assertThat(store().of("other-lead").collectList().block()).isEmpty();
  }
}
