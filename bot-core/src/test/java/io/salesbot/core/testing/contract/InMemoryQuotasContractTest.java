package io.salesbot.core.testing.contract;

import io.salesbot.core.platform.Quotas;
import io.salesbot.core.testing.InMemoryQuotas;
import java.time.Clock;

class InMemoryQuotasContractTest extends QuotasContract {
  @Override
  protected Quotas quotas(Clock clock) {
    return new InMemoryQuotas(clock);
  }
}
