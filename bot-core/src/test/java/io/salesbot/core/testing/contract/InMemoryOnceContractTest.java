package io.salesbot.core.testing.contract;

import io.salesbot.core.kernel.Once;
import io.salesbot.core.testing.InMemoryOnce;
import java.time.Clock;

class InMemoryOnceContractTest extends OnceContract {
  @Override
  protected Once once(Clock clock) {
    return new InMemoryOnce(clock);
  }
}
