package io.salesbot.core.testing.contract;

import io.salesbot.core.testing.InMemoryDealReports;
import io.salesbot.core.testing.InMemoryDeals;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.InMemorySlaClocks;

class InMemoryDealReportsContractTest extends DealReportsContract {
  @Override
  protected Stores stores() {
    InMemoryLeads leads = new InMemoryLeads();
    InMemoryDeals deals = new InMemoryDeals();
    InMemorySlaClocks clocks = new InMemorySlaClocks(leads);
    return new Stores(leads, deals, clocks, new InMemoryDealReports(deals, clocks));
  }
}
