package io.salesbot.core.testing.contract;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.testing.InMemoryDeals;
import io.salesbot.core.testing.InMemoryEvidence;
import io.salesbot.core.testing.InMemoryLeads;

class InMemoryDealsContractTest extends DealsContract {
  @Override
  protected Leads leads() {
    return new InMemoryLeads();
  }

  @Override
  protected Deals deals() {
    return new InMemoryDeals();
  }

  @Override
  protected EvidenceStore evidence() {
    return new InMemoryEvidence();
  }
}
