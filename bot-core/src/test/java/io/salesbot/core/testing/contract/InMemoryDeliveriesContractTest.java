package io.salesbot.core.testing.contract;

import io.salesbot.core.platform.Deliveries;
import io.salesbot.core.testing.InMemoryDeliveries;

class InMemoryDeliveriesContractTest extends DeliveriesContract {
  @Override
  protected Deliveries deliveries() {
    return new InMemoryDeliveries();
  }
}
