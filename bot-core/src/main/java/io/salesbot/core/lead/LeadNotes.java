package io.salesbot.core.lead;

import io.salesbot.core.lead.domain.LeadNote;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The notes kept with each lead (沟通记录集中留存), durable, once per (lead, event). */
public interface LeadNotes {
  /** Keeps the note; false when a note of the same lead and event is kept already. */
  Mono<Boolean> add(LeadNote note);

  /** The lead's notes, oldest first. */
  Flux<LeadNote> of(String leadId);
}
