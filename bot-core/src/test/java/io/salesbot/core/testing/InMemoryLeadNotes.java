package io.salesbot.core.testing;

import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.lead.domain.LeadNote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link LeadNotes} in memory. */
public final class InMemoryLeadNotes implements LeadNotes {
  private final List<LeadNote> notes = new ArrayList<>();

  @Override
  public synchronized Mono<Boolean> add(LeadNote note) {
    boolean known =
        notes.stream()
            .anyMatch(n -> n.leadId().equals(note.leadId()) && n.eventId().equals(note.eventId()));
    if (!known) {
      notes.add(note);
    }
    return Mono.just(!known);
  }

  @Override
  public synchronized Flux<LeadNote> of(String leadId) {
    return Flux.fromIterable(
        notes.stream()
            .filter(n -> n.leadId().equals(leadId))
            .sorted(Comparator.comparing(LeadNote::at))
            .toList());
  }
}
