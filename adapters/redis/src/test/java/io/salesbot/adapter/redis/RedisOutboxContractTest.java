package io.salesbot.adapter.redis;

import io.lettuce.core.Range;
import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.testing.contract.OutboxContract;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class RedisOutboxContractTest extends OutboxContract {
  private RedisAdapter adapter;

  /** The Redis the contract runs on; the cluster variant overrides it. */
  ContractRedis contractRedis() {
    return ContractRedis.single();
  }

  @Override
  protected Outbox outbox(Clock clock) {
    adapter = contractRedis().freshAdapter(clock);
    return adapter.outbox();
  }

  /** The platform's stream, decoded as its outbound worker decodes it. */
  @Override
  protected List<OutboundCommand> sending(String platform) {
    return contractRedis()
        .redis()
        .xrange(adapter.ops().keys().outbox(platform), Range.create("-", "+"))
        .stream()
        .map(entry -> RedisOutbox.decode(entry.getBody()))
        .toList();
  }

  /** The platform's waiting set in score (then member) order, the order a release moves them. */
  @Override
  protected List<Waiting> waiting(String platform) {
    return contractRedis()
        .redis()
        .zrangeWithScores(adapter.ops().keys().waiting(platform), 0, -1)
        .stream()
        .map(
            m -> {
              String member = m.getValue();
              String json = member.substring(member.indexOf(' ') + 1);
              return new Waiting(
                  OutboundCommandJson.read(json), Instant.ofEpochMilli((long) m.getScore()));
            })
        .toList();
  }

  @AfterEach
  void close() {
    if (adapter != null) {
      adapter.close();
    }
  }
}
