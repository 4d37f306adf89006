package io.salesbot.core.testing.contract;

import io.salesbot.core.lead.IntakeFallback;
import io.salesbot.core.testing.InMemoryIntakeFallback;

class InMemoryIntakeFallbackContractTest extends IntakeFallbackContract {
  @Override
  protected IntakeFallback intakeFallback() {
    return new InMemoryIntakeFallback();
  }
}
