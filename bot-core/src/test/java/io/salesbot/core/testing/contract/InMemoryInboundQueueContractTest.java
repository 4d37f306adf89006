package io.salesbot.core.testing.contract;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.util.List;

class InMemoryInboundQueueContractTest extends InboundQueueContract {
  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();

  @Override
  protected InboundQueue inboundQueue() {
    return queue;
  }

  @Override
  protected List<InboundEvent> queued() {
    return queue.events();
  }
}
