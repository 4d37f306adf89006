package io.salesbot.core.testing.contract;

import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.testing.InMemorySendBudgets;
import java.time.Clock;

class InMemorySendBudgetsContractTest extends SendBudgetsContract {
  @Override
  protected SendBudgets sendBudgets(Clock clock) {
    return new InMemorySendBudgets(clock);
  }
}
