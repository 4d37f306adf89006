package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.submission;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.lead.IntakeFallback;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link IntakeFallback} that intake relies on while the queue is down: each
 * intake id parked once, handed back whole and oldest first, and forgotten once queued.
 */
public abstract class IntakeFallbackContract {
  /** An empty store; called once per test. */
  protected abstract IntakeFallback intakeFallback();

  private IntakeFallback fallback;

  private synchronized IntakeFallback store() {
    if (fallback == null) {
      fallback = intakeFallback();
    }
    return fallback;
  }

  private static LeadSubmitted lead(String intakeId) {
    return new LeadSubmitted(submission(intakeId, "13812345678", "o-" + intakeId), T0);
  }

  private List<InboundEvent> pending(int limit) {
    return store().pending(limit).collectList().block();
  }

  @Test
  public void a_submission_is_parked_once_per_intake_id_and_the_first_is_kept() {
    LeadSubmitted first = lead("i1");
    assertThat(store().store(first).block()).isTrue();
    LeadSubmitted again = new LeadSubmitted(submission("i1", null, null), T0.plusSeconds(5));
    assertThat(store().store(again).block()).isFalse();

    assertThat(pending(10)).containsExactly(first);
  }

  @Test
  public void pending_hands_back_whole_submissions_oldest_first_up_to_the_limit() {
    List<LeadSubmitted> leads = List.of(lead("i3"), lead("i1"), lead("i2"), lead("i0"));
    for (LeadSubmitted l : leads) {
      store().store(l).block();
    }

    assertThat(pending(3)).containsExactlyElementsOf(leads.subList(0, 3));
    assertThat(pending(10)).containsExactlyElementsOf(leads);
    assertThat(pending(0)).isEmpty();
    // Reading does not take anything away.
    assertThat(pending(10)).hasSize(4);
  }

  @Test
  public void remove_forgets_a_parked_submission_which_may_then_be_parked_again() {
    store().store(lead("i1")).block();
    store().store(lead("i2")).block();

    store().remove("i1").block();
    store().remove("i1").block(); // twice is harmless
    store().remove("never-parked").block();
    assertThat(pending(10)).containsExactly(lead("i2"));

    assertThat(store().store(lead("i1")).block()).isTrue();
    assertThat(pending(10)).containsExactly(lead("i2"), lead("i1"));
  }

  @Test
  public void nothing_changes_until_subscribed() {
    store().store(lead("i1")).block();
    store().store(lead("i2"));
    store().remove("i1");

    assertThat(pending(10)).containsExactly(lead("i1"));
  }

  @Test
  public void pending_reads_the_store_when_subscribed_not_when_made() {
    var pending = store().pending(10).collectList();
    store().store(lead("i1")).block();

    assertThat(pending.block()).containsExactly(lead("i1"));
  }
}
