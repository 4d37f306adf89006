package io.salesbot.core.testing.contract;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.testing.InMemoryLeads;

class InMemoryLeadsContractTest extends LeadsContract {
  @Override
  protected Leads leads() {
    return new InMemoryLeads();
  }
}
