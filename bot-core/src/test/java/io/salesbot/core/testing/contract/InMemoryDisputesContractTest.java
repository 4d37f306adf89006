package io.salesbot.core.testing.contract;

import io.salesbot.core.score.Disputes;
import io.salesbot.core.testing.InMemoryDisputes;

class InMemoryDisputesContractTest extends DisputesContract {
  @Override
  protected Disputes disputes() {
    return new InMemoryDisputes();
  }
}
