package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.lead.domain.LeadNote;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link LeadNotes} that {@code /note}, {@code /why} and the lead view rely on.
 */
public abstract class LeadNotesContract {
  /** An empty store; called once per test. */
  protected abstract LeadNotes leadNotes();

  private LeadNotes notes;

  private synchronized LeadNotes store() {
    if (notes == null) {
      notes = leadNotes();
    }
    return notes;
  }

  @Test
  public void notes_come_back_oldest_first_for_their_lead_only() {
    LeadNote later = new LeadNote("lead-a", WANGWU, "客户要报价单", "e2", T0.plusSeconds(60));
    LeadNote first = new LeadNote("lead-a", LISI, "电话沟通，明天回电 13800138000", "e1", T0);
    store().add(later).block();
    store().add(first).block();
    store().add(new LeadNote("lead-b", LISI, "别的线索", "e3", T0)).block();

    assertThat(store().of("lead-a").collectList().block()).containsExactly(first, later);
    assertThat(store().of("lead-c").collectList().block()).isEmpty();
  }

  @Test
  public void the_same_event_adds_nothing_twice() {
    LeadNote note = new LeadNote("lead-a", LISI, "已加微信", "e1", T0);
    assertThat(store().add(note).block()).isTrue();
    assertThat(store().add(new LeadNote("lead-a", LISI, "已加微信", "e1", T0.plusSeconds(5))).block())
        .isFalse();
    assertThat(store().of("lead-a").collectList().block()).containsExactly(note);
  }
}
