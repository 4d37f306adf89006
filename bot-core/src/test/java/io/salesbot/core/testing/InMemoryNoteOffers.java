package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.NoteOffers;
import io.salesbot.core.lead.domain.LeadNote;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link NoteOffers} in memory, with the same contract as the PostgreSQL adapter. */
public final class InMemoryNoteOffers implements NoteOffers {
  private record Act(String leadId, Instant at) {}

  private final Map<Address, Act> acts = new HashMap<>();
  private final Map<String, LeadNote> offered = new LinkedHashMap<>();

  @Override
  public Mono<Void> acted(Address person, String leadId, Instant at) {
    return Mono.fromRunnable(
        () -> {
          synchronized (this) {
            Act known = acts.get(person);
            if (known == null || !at.isBefore(known.at())) {
              acts.put(person, new Act(leadId, at));
            }
          }
        });
  }

  @Override
  public synchronized Mono<String> lastActed(Address person, Instant since) {
    Act a = acts.get(person);
    return a == null || a.at().isBefore(since) ? Mono.empty() : Mono.just(a.leadId());
  }

  @Override
  public Mono<Void> keep(LeadNote note) {
    return Mono.fromRunnable(
        () -> {
          synchronized (this) {
            offered.putIfAbsent(note.eventId(), note);
          }
        });
  }

  @Override
  public synchronized Mono<LeadNote> find(String eventId) {
    return Mono.justOrEmpty(offered.get(eventId));
  }

  @Override
  public Mono<Void> drop(String eventId) {
    return Mono.fromRunnable(
        () -> {
          synchronized (this) {
            offered.remove(eventId);
          }
        });
  }
}
