package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.pooled;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.sla.FollowUps;
import io.salesbot.core.sla.domain.Activity;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link FollowUps} (the owner's last activity) that the follow-up SLA needs. */
public abstract class FollowUpsContract {
  /** An empty store of leads; called once per test, before {@link #followUps()}. */
  protected abstract Leads leads();

  /** The follow-ups of the same (empty) store as {@link #leads()}. */
  protected abstract FollowUps followUps();

  private FollowUps followUps;
  private String leadId;

  private synchronized FollowUps store() {
    if (followUps == null) {
      leadId = pooled(leads(), "i1", "east").id();
      followUps = followUps();
    }
    return followUps;
  }

  @Test
  public void the_same_owner_keeps_the_later_time() {
    store();
    assertThat(store().touch(leadId, LISI, T0.plusSeconds(10)).block())
        .isEqualTo(new Activity(leadId, LISI, T0.plusSeconds(10)));
    // A redelivery of an older activity never moves the time back.
    assertThat(store().touch(leadId, LISI, T0.plusSeconds(5)).block())
        .isEqualTo(new Activity(leadId, LISI, T0.plusSeconds(10)));
    assertThat(store().touch(leadId, LISI, T0.plusSeconds(20)).block())
        .isEqualTo(new Activity(leadId, LISI, T0.plusSeconds(20)));
    assertThat(store().find(leadId).block())
        .isEqualTo(new Activity(leadId, LISI, T0.plusSeconds(20)));
  }

  @Test
  public void a_new_owner_replaces_the_activity_even_with_an_earlier_time() {
    store();
    store().touch(leadId, LISI, T0.plusSeconds(30)).block();

    assertThat(store().touch(leadId, WANGWU, T0.plusSeconds(1)).block())
        .isEqualTo(new Activity(leadId, WANGWU, T0.plusSeconds(1)));
    assertThat(store().find(leadId).block())
        .isEqualTo(new Activity(leadId, WANGWU, T0.plusSeconds(1)));
    assertThat(store().find("no-such-lead").block()).isNull();
  }
}
