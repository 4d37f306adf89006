package io.salesbot.core.testing.contract;

import io.salesbot.core.routing.RoutingState;
import io.salesbot.core.testing.InMemoryRoutingState;

class InMemoryRoutingStateContractTest extends RoutingStateContract {
  @Override
  protected RoutingState routingState() {
    return new InMemoryRoutingState();
  }
}
