package io.salesbot.core.stage;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.domain.Evidence;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** Where evidence received in chat is kept, attached or not yet. */
public interface EvidenceStore {
  /** Stores it (the id is new, or the same evidence again: then nothing changes). */
  Mono<Evidence> save(Evidence evidence);

  Mono<Evidence> find(String id);

  /**
   * Records the deal and checkpoint the evidence proves (the last attachment wins); empty when no
   * evidence has this id.
   */
  Mono<Evidence> attach(String id, String dealId, String checkpointId);

  /**
   * The most recent evidence {@code person} sent with a location (a location message), received
   * from {@code since} to {@code until} inclusive; empty when there is none. A photo's watermark
   * takes its place from it.
   */
  Mono<Evidence> lastLocation(Address person, Instant since, Instant until);
}
