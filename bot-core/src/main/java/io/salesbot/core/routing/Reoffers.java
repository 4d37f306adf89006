package io.salesbot.core.routing;

import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.domain.WorkingHours;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The re-offer timers of parked leads (audit {@code offer_skipped}: nobody could take them). A
 * parked lead is known by its <em>park</em>, the event id of that audit entry; each trigger (the
 * team opening, a rep going on duty, a cap freeing up) schedules one timer per park and trigger,
 * and {@link ReofferParked} re-offers each park once, whichever trigger fires first.
 */
final class Reoffers {
  /** Timer kind of a re-offer; data {@code <park>|<why>}. */
  static final String KIND = "reoffer";

  static final String PARKED = "offer_skipped";

  private Reoffers() {}

  /** A timer at the team's next opening when it is closed at {@code now}; nothing when open. */
  static Mono<Void> atOpening(
      Timers timers, Lead lead, String park, WorkingHours hours, Instant now) {
    if (hours.isOpen(now)) {
      return Mono.empty();
    }
    Instant opening = hours.nextOpen(now);
    return timers.schedule(
        new Timer(
            "reoffer-" + lead.id() + "-" + park + "-hours",
            KIND,
            lead.id(),
            opening,
            park + "|working hours started (" + hours.describe() + ")"));
  }

  /** A timer due now for {@code trigger} (an event id), saying {@code why}. */
  static Timer now(String leadId, String park, String trigger, String why, Instant now) {
    return new Timer(
        "reoffer-" + leadId + "-" + park + "-" + trigger, KIND, leadId, now, park + "|" + why);
  }

  /**
   * The park of a lead, from its history (oldest first): the event id of the last {@code
   * offer_skipped} when nothing offered or claimed it since; null when it is not parked.
   */
  static @Nullable String park(List<AuditEntry> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      AuditEntry e = history.get(i);
      switch (e.action()) {
        case PARKED:
          return e.eventId();
        case "offered", "reoffered", "claimed", "assigned", "reassigned", "recycled":
          return null;
        default:
          break;
      }
    }
    return null;
  }

  /** How many times the lead was parked so far: numbers the parks a re-offer itself makes. */
  static long parks(List<AuditEntry> history) {
    return history.stream().filter(e -> PARKED.equals(e.action())).count();
  }
}
