package io.salesbot.core.testing.contract;

import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.testing.InMemoryAccessTokens;
import java.time.Clock;

class InMemoryAccessTokensContractTest extends AccessTokensContract {
  @Override
  protected AccessTokens accessTokens(Clock clock) {
    return new InMemoryAccessTokens(clock);
  }
}
