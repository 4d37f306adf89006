package io.salesbot.adapter.redis;

import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.testing.contract.SendBudgetsContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class RedisSendBudgetsContractTest extends SendBudgetsContract {
  private RedisAdapter adapter;

  @Override
  protected SendBudgets sendBudgets(Clock clock) {
    adapter = ContractRedis.freshAdapter(clock);
    return adapter.sendBudgets();
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
