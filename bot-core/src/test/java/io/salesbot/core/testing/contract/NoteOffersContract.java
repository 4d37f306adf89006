package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.NoteOffers;
import io.salesbot.core.lead.domain.LeadNote;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link NoteOffers} that notes from chat (记为沟通记录？) rely on. */
public abstract class NoteOffersContract {
  /** An empty store; called once per test. */
  protected abstract NoteOffers noteOffers();

  private NoteOffers offers;

  private synchronized NoteOffers store() {
    if (offers == null) {
      offers = noteOffers();
    }
    return offers;
  }

  @Test
  public void the_latest_act_of_a_person_wins_and_a_late_earlier_one_changes_nothing() {
    store().acted(LISI, "lead-a", T0).block();
    store().acted(LISI, "lead-b", T0.plusSeconds(60)).block();
    store().acted(LISI, "lead-c", T0.plusSeconds(30)).block();
    store().acted(WANGWU, "lead-d", T0).block();

    assertThat(store().lastActed(LISI, T0).block()).isEqualTo("lead-b");
    assertThat(store().lastActed(LISI, T0.plusSeconds(60)).block()).isEqualTo("lead-b");
    assertThat(store().lastActed(LISI, T0.plus(Duration.ofMinutes(2))).block()).isNull();
    assertThat(store().lastActed(WANGWU, T0).block()).isEqualTo("lead-d");
    assertThat(store().lastActed(ContractFixtures.ZHAOLIU, T0).block()).isNull();
  }

  @Test
  public void an_offered_note_is_kept_once_until_dropped() {
    LeadNote offered = new LeadNote("lead-a", LISI, "电话沟通，明天回电 13800138000", "m1", T0);
    store().keep(offered).block();
    store().keep(new LeadNote("lead-b", WANGWU, "别的", "m1", T0.plusSeconds(5))).block();

    assertThat(store().find("m1").block()).isEqualTo(offered);
    assertThat(store().find("m2").block()).isNull();
    store().drop("m1").block();
    store().drop("m1").block();
    assertThat(store().find("m1").block()).isNull();
  }
}
