package io.salesbot.core.testing.contract;

import io.salesbot.core.testing.InMemoryTimers;
import io.salesbot.core.timer.Timers;

class InMemoryTimersContractTest extends TimersContract {
  @Override
  protected Timers timers() {
    return new InMemoryTimers();
  }
}
