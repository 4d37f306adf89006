package io.salesbot.adapter.redis;

import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.testing.contract.AccessTokensContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class RedisAccessTokensContractTest extends AccessTokensContract {
  private RedisAdapter adapter;

  @Override
  protected AccessTokens accessTokens(Clock clock) {
    adapter = ContractRedis.freshAdapter(clock);
    return adapter.accessTokens();
  }

  /** The adapter's clock moves, and Redis ages its TTLs by as much. */
  @Override
  protected void elapse(Duration d) {
    super.elapse(d);
    ContractRedis.age(d);
  }

  @AfterEach
  void close() {
    if (adapter != null) {
      adapter.close();
    }
  }
}
