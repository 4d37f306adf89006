package io.salesbot.core.testing.contract;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.InMemorySlaClocks;

class InMemorySlaClocksContractTest extends SlaClocksContract {
  private final InMemoryLeads leads = new InMemoryLeads();

  @Override
  protected Leads leads() {
    return leads;
  }

  @Override
  protected SlaClocks clocks() {
    return new InMemorySlaClocks(leads);
  }
}
