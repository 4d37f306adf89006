package io.salesbot.core.testing.contract;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.routing.Offers;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.InMemoryOffers;

class InMemoryOffersContractTest extends OffersContract {
  @Override
  protected Leads leads() {
    return new InMemoryLeads();
  }

  @Override
  protected Offers offers() {
    return new InMemoryOffers();
  }
}
