package io.salesbot.core.lead;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.domain.LeadNote;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * What turns a plain chat text into a note (沟通记录 from chat): the lead whose card each person acted
 * on last, and the texts offered as notes until the person decides (记录 / 不用). Neither WeCom's app
 * callback nor DingTalk's robot callback says which message a text replies to, so "replying to a
 * lead card" is a text sent soon after acting on it. Shared by every instance (PostgreSQL).
 */
public interface NoteOffers {
  /**
   * Remembers that {@code person} acted on a card of {@code leadId} at {@code at}: a later act
   * replaces an earlier one, an earlier one (a late redelivery) never replaces a later one.
   */
  Mono<Void> acted(Address person, String leadId, Instant at);

  /** The lead {@code person} acted on last, when that was at or after {@code since}. */
  Mono<String> lastActed(Address person, Instant since);

  /** Keeps a text offered as a note, by its event id; an id kept before is kept once. */
  Mono<Void> keep(LeadNote offered);

  /** The offered note of that event, until it is dropped. */
  Mono<LeadNote> find(String eventId);

  /** Forgets an offered note (recorded or declined); nothing when it is gone already. */
  Mono<Void> drop(String eventId);
}
