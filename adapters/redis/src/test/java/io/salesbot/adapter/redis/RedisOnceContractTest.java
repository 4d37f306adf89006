package io.salesbot.adapter.redis;

import io.salesbot.core.kernel.Once;
import io.salesbot.core.testing.contract.OnceContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class RedisOnceContractTest extends OnceContract {
  private RedisAdapter adapter;

  /** The Redis the contract runs on; the cluster variant overrides it. */
  ContractRedis contractRedis() {
    return ContractRedis.single();
  }

  @Override
  protected Once once(Clock clock) {
    adapter = contractRedis().freshAdapter(clock);
    return adapter.once();
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
