package io.salesbot.adapter.redis;

import io.salesbot.core.platform.Quotas;
import io.salesbot.core.testing.contract.QuotasContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class RedisQuotasContractTest extends QuotasContract {
  private RedisAdapter adapter;

  @Override
  protected Quotas quotas(Clock clock) {
    adapter = ContractRedis.freshAdapter(clock);
    return adapter.quotas();
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
