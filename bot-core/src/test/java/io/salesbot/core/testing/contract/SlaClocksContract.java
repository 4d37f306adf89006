package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.pooled;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.sla.domain.SlaClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link SlaClocks} (first-touch clocks) that the SLA use cases rely on. */
public abstract class SlaClocksContract {
  private static final Duration SLA = Duration.ofMinutes(15);

  /** An empty store of leads; called once per test, before {@link #clocks()}. */
  protected abstract Leads leads();

  /** The clocks of the same (empty) store as {@link #leads()}. */
  protected abstract SlaClocks clocks();

  private SlaClocks clocks;
  private Leads leads;

  private synchronized SlaClocks store() {
    if (clocks == null) {
      leads = leads();
      clocks = clocks();
    }
    return clocks;
  }

  /** A lead in {@code team}'s pool and its clock for LISI started at {@code at}. */
  private SlaClock started(String intakeId, String team, Instant at) {
    store();
    String id = pooled(leads, intakeId, team).id();
    return store().start(SlaClock.start(id, LISI, at, SLA)).block();
  }

  @Test
  public void start_stores_a_clock_and_a_redelivery_keeps_it() {
    SlaClock c = started("i1", "east", T0);
    assertThat(c).isEqualTo(SlaClock.start(c.leadId(), LISI, T0, SLA));
    SlaClock contacted =
        store().contacted(c.leadId(), LISI, ContactChannel.PHONE, T0.plusSeconds(60)).block();

    // The same start again (a redelivery) leaves the stopped clock as it is.
    assertThat(store().start(SlaClock.start(c.leadId(), LISI, T0, SLA)).block())
        .isEqualTo(contacted);
    assertThat(store().find(c.leadId()).block()).isEqualTo(contacted);
  }

  @Test
  public void a_new_owner_or_start_replaces_the_clock() {
    SlaClock c = started("i1", "east", T0);
    store().contacted(c.leadId(), LISI, ContactChannel.PHONE, T0.plusSeconds(60)).block();

    SlaClock fresh = SlaClock.start(c.leadId(), WANGWU, T0.plusSeconds(120), SLA);
    assertThat(store().start(fresh).block()).isEqualTo(fresh);
    assertThat(store().find(c.leadId()).block()).isEqualTo(fresh);
    assertThat(store().find("no-such-lead").block()).isNull();
  }

  @Test
  public void contacted_stops_the_owner_s_running_clock_once() {
    SlaClock c = started("i1", "east", T0);
    Instant at = T0.plusSeconds(60);

    assertThat(store().contacted(c.leadId(), WANGWU, ContactChannel.PHONE, at).block()).isNull();
    assertThat(store().contacted(c.leadId(), LISI, ContactChannel.WECHAT, at).block())
        .isEqualTo(new SlaClock(c.leadId(), LISI, T0, c.dueAt(), at, ContactChannel.WECHAT, null));
    assertThat(store().contacted(c.leadId(), LISI, ContactChannel.PHONE, at.plusSeconds(5)).block())
        .isNull();
  }

  @Test
  public void breach_marks_a_running_clock_due_then_once() {
    SlaClock c = started("i1", "east", T0);
    Instant at = c.dueAt().plusSeconds(1);

    assertThat(store().breach(c.leadId(), c.dueAt().plusSeconds(5), at).block()).isNull();
    SlaClock breached = store().breach(c.leadId(), c.dueAt(), at).block();
    assertThat(breached).isEqualTo(new SlaClock(c.leadId(), LISI, T0, c.dueAt(), null, null, at));
    assertThat(store().breach(c.leadId(), c.dueAt(), at.plusSeconds(1)).block()).isNull();
    assertThat(store().find(c.leadId()).block()).isEqualTo(breached);
  }

  @Test
  public void a_contacted_clock_is_never_breached() {
    SlaClock c = started("i1", "east", T0);
    store().contacted(c.leadId(), LISI, ContactChannel.PHONE, T0.plusSeconds(1)).block();

    assertThat(store().breach(c.leadId(), c.dueAt(), c.dueAt().plusSeconds(1)).block()).isNull();
    assertThat(store().extend(c.leadId(), c.dueAt(), c.dueAt().plusSeconds(600)).block()).isNull();
  }

  @Test
  public void extend_moves_the_due_time_seen_and_clears_a_breach() {
    SlaClock c = started("i1", "east", T0);
    store().breach(c.leadId(), c.dueAt(), c.dueAt().plusSeconds(1)).block();
    Instant later = c.dueAt().plus(SLA);

    assertThat(store().extend(c.leadId(), c.dueAt().minusSeconds(1), later).block()).isNull();
    SlaClock extended = store().extend(c.leadId(), c.dueAt(), later).block();
    assertThat(extended).isEqualTo(new SlaClock(c.leadId(), LISI, T0, later, null, null, null));
    // The old due time is gone: a breach timer for it does nothing.
    assertThat(store().breach(c.leadId(), c.dueAt(), later).block()).isNull();
  }

  @Test
  public void started_since_lists_a_team_s_clocks_oldest_first() {
    SlaClock late = started("i1", "east", T0.plusSeconds(30));
    SlaClock early = started("i2", "east", T0.plusSeconds(10));
    started("i3", "west", T0.plusSeconds(20));
    started("i4", "east", T0.minusSeconds(1));

    assertThat(store().startedSince("east", T0).collectList().block()).containsExactly(early, late);
    assertThat(store().startedSince("east", T0.plusSeconds(30)).collectList().block())
        .containsExactly(late);
    assertThat(store().startedSince("north", T0).collectList().block()).isEmpty();
  }
}
