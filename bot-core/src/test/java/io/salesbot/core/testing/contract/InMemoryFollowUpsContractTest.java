package io.salesbot.core.testing.contract;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.sla.FollowUps;
import io.salesbot.core.testing.InMemoryFollowUps;
import io.salesbot.core.testing.InMemoryLeads;

class InMemoryFollowUpsContractTest extends FollowUpsContract {
  @Override
  protected Leads leads() {
    return new InMemoryLeads();
  }

  @Override
  protected FollowUps followUps() {
    return new InMemoryFollowUps();
  }
}
