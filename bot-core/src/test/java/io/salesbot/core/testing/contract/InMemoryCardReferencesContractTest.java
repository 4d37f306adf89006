package io.salesbot.core.testing.contract;

import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.testing.InMemoryCardReferences;

class InMemoryCardReferencesContractTest extends CardReferencesContract {
  @Override
  protected CardReferences cardReferences() {
    return new InMemoryCardReferences();
  }
}
