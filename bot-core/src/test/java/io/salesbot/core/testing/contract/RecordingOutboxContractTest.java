package io.salesbot.core.testing.contract;

import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.testing.RecordingOutbox;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

class RecordingOutboxContractTest extends OutboxContract {
  private final RecordingOutbox outbox = new RecordingOutbox();

  @Override
  protected Outbox outbox(Clock clock) {
    return outbox;
  }

  @Override
  protected List<OutboundCommand> sending(String platform) {
    return outbox.commands().stream().filter(c -> c.platform().equals(platform)).toList();
  }

  /** The fake records in the order things were put aside; they come back earliest first. */
  @Override
  protected List<Waiting> waiting(String platform) {
    return outbox.deferred().stream()
        .filter(d -> d.command().platform().equals(platform))
        .sorted(Comparator.comparing(RecordingOutbox.Deferred::notBefore))
        .map(d -> new Waiting(d.command(), d.notBefore()))
        .toList();
  }
}
