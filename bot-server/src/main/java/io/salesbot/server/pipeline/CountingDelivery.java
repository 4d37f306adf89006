package io.salesbot.server.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.platform.OutboundHandler;
import reactor.core.publisher.Mono;

/** Counts outbound commands by platform, kind and outcome ({@code salesbot.outbound.commands}). */
public final class CountingDelivery implements OutboundHandler {
  private final OutboundHandler delegate;
  private final MeterRegistry meters;

  public CountingDelivery(OutboundHandler delegate, MeterRegistry meters) {
    this.delegate = delegate;
    this.meters = meters;
  }

  @Override
  public Mono<Void> handle(OutboundCommand command) {
    String kind = command.getClass().getSimpleName();
    return delegate
        .handle(command)
        .doOnSuccess(v -> count(command, kind, "sent"))
        .doOnError(e -> count(command, kind, "failed"));
  }

  private void count(OutboundCommand command, String kind, String outcome) {
    meters
        .counter(
            "salesbot.outbound.commands",
            "platform",
            command.platform(),
            "kind",
            kind,
            "outcome",
            outcome)
        .increment();
  }
}
