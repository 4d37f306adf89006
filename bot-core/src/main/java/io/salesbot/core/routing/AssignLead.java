package io.salesbot.core.routing;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A manager moves a lead: assigns a pooled lead, reassigns an owned one, or sends it back to the
 * pool. One conditional write; the new owner gets the lead's card and a fresh first-touch clock,
 * the previous owner is told.
 */
public final class AssignLead {
  private final Leads leads;
  private final TeamDirectory directory;
  private final OwnerListener firstTouch;
  private final LeadCards cards;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;
  private final ReofferParked reoffer;

  /** {@code reoffer}: a lead moved away from a rep may free their cap for a parked lead. */
  public AssignLead(
      Leads leads,
      TeamDirectory directory,
      OwnerListener firstTouch,
      Talk talk,
      ReofferParked reoffer) {
    this.reoffer = reoffer;
    this.leads = leads;
    this.directory = directory;
    this.firstTouch = firstTouch;
    this.cards = new LeadCards(talk.messages());
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  /**
   * Moves {@code lead} from {@code from} to {@code to} (null: the pool). Empty when the lead's
   * owner was no longer {@code from}.
   */
  public Mono<Lead> move(
      Lead lead,
      @Nullable Address from,
      @Nullable Address to,
      Address actor,
      String action,
      String reason,
      String eventId) {
    AuditEntry audit =
        new AuditEntry(lead.id(), actor.toString(), action, reason, eventId, clock.instant());
    return leads
        .transfer(lead.id(), from, to, clock.instant(), audit)
        .flatMap(
            moved ->
                tell(moved, from, to, actor)
                    .then(
                        from == null || from.equals(to)
                            ? Mono.empty()
                            : reoffer.capFreed(from, eventId))
                    .thenReturn(moved));
  }

  private Mono<Void> tell(Lead moved, @Nullable Address from, @Nullable Address to, Address actor) {
    String suffix = moved.id() + "-" + moved.version();
    Mono<Void> newOwner =
        to == null
            ? Mono.empty()
            : replies
                .perPlatform(
                    List.of(to),
                    (r, s) -> new DeliverCard("assigned-" + suffix, cards.claimedByYou(moved), r))
                .then(
                    replies.text(
                        "assigned-note-" + suffix,
                        messages.get(
                            "reply.assignedToYou",
                            messages.leadName(moved.submission()),
                            directory.displayName(actor)),
                        List.of(to)))
                .then(firstTouch.ownerTook(moved));
    Mono<Void> oldOwner =
        from == null || from.equals(to)
            ? Mono.empty()
            : replies.text(
                "moved-" + suffix,
                messages.get(
                    "reply.leadMovedFromYou",
                    messages.leadName(moved.submission()),
                    "#" + moved.shortId(),
                    directory.displayName(actor)),
                List.of(from));
    return newOwner.then(oldOwner);
  }
}
