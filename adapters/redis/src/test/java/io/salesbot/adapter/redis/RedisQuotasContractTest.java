package io.salesbot.adapter.redis;

import io.salesbot.core.platform.Quotas;
import io.salesbot.core.testing.contract.QuotasContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class RedisQuotasContractTest extends QuotasContract {
  private RedisAdapter adapter;

  /** The Redis the contract runs on; the cluster variant overrides it. */
  ContractRedis contractRedis() {
    return ContractRedis.single();
  }

  @Override
  protected Quotas quotas(Clock clock) {
    adapter = contractRedis().freshAdapter(clock);
    return adapter.quotas();
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
