package io.salesbot.core.sla;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.domain.Lead;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Told when an owner's first touch of a lead is recorded (已联系), so that later features can react
 * without the SLA knowing them: the deal's checkpoint ① 首次触达 is done here.
 */
@FunctionalInterface
public interface ContactListener {
  /** Must be idempotent: a click can be delivered again. */
  Mono<Void> firstTouch(Lead lead, Address rep, Instant at, String eventId);
}
