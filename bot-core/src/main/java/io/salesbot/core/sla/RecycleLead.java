package io.salesbot.core.sla;

import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.DistributeLead;
import io.salesbot.core.routing.ReofferParked;
import io.salesbot.core.routing.domain.QuietHours;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Automatic recycling: an owned lead goes back to its team's pool (one conditional transfer with
 * the audit {@code recycled} and its reason; the previous owner enters the re-claim cooldown), the
 * rep and the manager are told, and the lead is offered to everyone else.
 */
public final class RecycleLead {
  private final Leads leads;
  private final DistributeLead distribute;
  private final Replies replies;
  private final Clock clock;

  private final ReofferParked reoffer;

  public RecycleLead(Leads leads, DistributeLead distribute, Talk talk, ReofferParked reoffer) {
    this.reoffer = reoffer;
    this.leads = leads;
    this.distribute = distribute;
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  /**
   * Recycles {@code lead} if {@code owner} still owns it; true when this call moved it. {@code
   * eventId} makes the audit and the messages idempotent.
   */
  public Mono<Boolean> recycle(
      Lead lead,
      Address owner,
      Team team,
      String reason,
      String eventId,
      String repText,
      String managerText) {
    AuditEntry audit =
        new AuditEntry(lead.id(), AuditEntry.SYSTEM, "recycled", reason, eventId, clock.instant());
    return leads
        .transfer(lead.id(), owner, null, clock.instant(), audit)
        .flatMap(
            moved ->
                replies
                    .text("recycled-rep-" + eventId, repText, List.of(owner))
                    .then(
                        replies.text(
                            "recycled-manager-" + eventId, managerText, List.of(team.manager())))
                    .then(distribute.offerRecycled(moved, team, owner))
                    .then(reoffer.capFreed(owner, eventId))
                    .thenReturn(true))
        .defaultIfEmpty(false);
  }

  /**
   * During quiet hours: schedules the same work again at their end and answers true (the caller
   * stops); false outside them.
   */
  static Mono<Boolean> deferIfQuiet(
      Timer timer, QuietHours quiet, Timers timers, Clock clock, Leads leads, String what) {
    java.time.Instant now = clock.instant();
    if (!quiet.isQuiet(now)) {
      return Mono.just(false);
    }
    java.time.Instant end = quiet.endOf(now);
    return leads
        .audit(
            new AuditEntry(
                timer.leadId(),
                AuditEntry.SYSTEM,
                "deferred",
                what + " deferred to " + end + ": quiet hours " + quiet.describe(),
                timer.id(),
                now))
        .then(
            timers.schedule(
                new Timer(
                    timer.id() + "-after-quiet", timer.kind(), timer.leadId(), end, timer.data())))
        .thenReturn(true);
  }
}
