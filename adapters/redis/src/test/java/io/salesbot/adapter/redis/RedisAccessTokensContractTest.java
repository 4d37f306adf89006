package io.salesbot.adapter.redis;

import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.testing.contract.AccessTokensContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class RedisAccessTokensContractTest extends AccessTokensContract {
  private RedisAdapter adapter;

  /** The Redis the contract runs on; the cluster variant overrides it. */
  ContractRedis contractRedis() {
    return ContractRedis.single();
  }

  @Override
  protected AccessTokens accessTokens(Clock clock) {
    adapter = contractRedis().freshAdapter(clock);
    return adapter.accessTokens();
  }

  /** The adapter's clock moves, and Redis ages its TTLs by as much. */
  @Override
  protected void elapse(Duration d) {
    super.elapse(d);
    contractRedis().age(d);
  }

  @AfterEach
  void close() {
    if (adapter != null) {
      adapter.close();
    }
  }
}
