package io.salesbot.core.testing.contract;

import io.salesbot.core.score.Publications;
import io.salesbot.core.testing.InMemoryPublications;

class InMemoryPublicationsContractTest extends PublicationsContract {
  @Override
  protected Publications publications() {
    return new InMemoryPublications();
  }
}
