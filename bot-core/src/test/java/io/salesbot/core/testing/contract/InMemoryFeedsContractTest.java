package io.salesbot.core.testing.contract;

import io.salesbot.core.score.Feeds;
import io.salesbot.core.testing.InMemoryFeeds;

class InMemoryFeedsContractTest extends FeedsContract {
  @Override
  protected Feeds feeds() {
    return new InMemoryFeeds();
  }
}
