package io.salesbot.core.stage;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.OwnerListener;
import io.salesbot.core.sla.ContactListener;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.StageModel;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * A lead becomes a deal when a rep becomes its owner (claim, accepted offer, assignment): in the
 * first stage, every checkpoint open. A later owner takes the deal over where it stands. The
 * owner's first touch (已联系) completes ① 首次触达 and brings the deal card.
 */
public final class OpenDeal implements OwnerListener, ContactListener {
  private final DealSupport support;

  public OpenDeal(DealSupport support) {
    this.support = support;
  }

  @Override
  public Mono<Void> ownerTook(Lead lead) {
    Address owner = lead.owner();
    if (owner == null || lead.teamId() == null) {
      return Mono.empty();
    }
    Instant now = support.talk().clock().instant();
    Deals deals = support.deals();
    return deals
        .find(lead.id())
        .flatMap(
            existing ->
                existing.owner().equals(owner) || !existing.isOpen()
                    ? Mono.just(existing)
                    : deals.save(existing.ownedBy(owner, lead.teamId())))
        .switchIfEmpty(
            Mono.defer(
                () ->
                    deals
                        .open(Deal.open(lead.id(), lead.teamId(), owner, now, support.model()))
                        .flatMap(
                            d ->
                                support
                                    .audit(
                                        d,
                                        owner,
                                        "deal_opened",
                                        "deal opened in "
                                            + support.model().stage(0).name()
                                            + " for "
                                            + support.directory().displayName(owner),
                                        "deal-" + lead.id() + "-" + lead.version())
                                    .thenReturn(d))))
        .then();
  }

  @Override
  public Mono<Void> firstTouch(Lead lead, Address rep, Instant at, String eventId) {
    StageModel model = support.model();
    CheckpointDef first = model.checkpoint(StageModel.FIRST_TOUCH).orElse(null);
    return support
        .deals()
        .find(lead.id())
        .switchIfEmpty(Mono.defer(() -> ownerTook(lead).then(support.deals().find(lead.id()))))
        .filter(d -> d.isOpen() && d.owner().equals(rep))
        .flatMap(
            d -> {
              if (first == null || d.state(first.id()).done()) {
                return Mono.just(d);
              }
              return support
                  .deals()
                  .save(d.completed(first, rep, at))
                  .flatMap(
                      saved ->
                          support
                              .audit(
                                  saved,
                                  rep,
                                  "checkpoint_done",
                                  first.label() + " done by first touch",
                                  eventId)
                              .thenReturn(saved));
            })
        .flatMap(d -> support.send(d, lead));
  }
}
