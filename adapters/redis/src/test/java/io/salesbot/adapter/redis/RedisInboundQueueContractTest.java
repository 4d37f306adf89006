package io.salesbot.adapter.redis;

import io.lettuce.core.Range;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import io.salesbot.core.testing.contract.InboundQueueContract;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;

class RedisInboundQueueContractTest extends InboundQueueContract {
  private RedisAdapter adapter;

  /** The Redis the contract runs on; the cluster variant overrides it. */
  ContractRedis contractRedis() {
    return ContractRedis.single();
  }

  @Override
  protected InboundQueue inboundQueue() {
    adapter = contractRedis().freshAdapter(Clock.systemUTC());
    return adapter.inboundQueue();
  }

  /** Both lanes, hot first, decoded as the inbound worker decodes them. */
  @Override
  protected List<InboundEvent> queued() {
    Keys keys = adapter.ops().keys();
    return Stream.of(keys.hot(), keys.normal())
        .flatMap(lane -> contractRedis().redis().xrange(lane, Range.create("-", "+")).stream())
        .map(entry -> InboundEventCodec.decode(entry.getBody()))
        .toList();
  }

  @AfterEach
  void close() {
    if (adapter != null) {
      adapter.close();
    }
  }
}
