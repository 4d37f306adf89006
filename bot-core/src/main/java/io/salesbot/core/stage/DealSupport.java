package io.salesbot.core.stage;

import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the deal use cases share: loading a deal with its lead and team, who may act on it, showing
 * its card to the owner, auditing, and answering people.
 */
public final class DealSupport {
  private final Deals deals;
  private final Leads leads;
  private final TeamDirectory directory;
  private final Talk talk;
  private final StageSettings settings;
  private final DealCards cards;
  private final EvidenceStore evidence;
  private final EvidenceLinks links;

  /**
   * @param evidence and {@code links}: the deal card links the files attached to its checkpoints
   */
  public DealSupport(
      Deals deals,
      Leads leads,
      TeamDirectory directory,
      Talk talk,
      StageSettings settings,
      EvidenceStore evidence,
      EvidenceLinks links) {
    this.deals = deals;
    this.evidence = evidence;
    this.links = links;
    this.leads = leads;
    this.directory = directory;
    this.talk = talk;
    this.settings = settings;
    this.cards = new DealCards(talk.messages(), settings.model());
  }

  /** A deal with its lead and (when known) its team. */
  public record Loaded(Deal deal, Lead lead, Optional<Team> team) {}

  public Deals deals() {
    return deals;
  }

  public Leads leads() {
    return leads;
  }

  public TeamDirectory directory() {
    return directory;
  }

  public Talk talk() {
    return talk;
  }

  public StageSettings settings() {
    return settings;
  }

  public StageModel model() {
    return settings.model();
  }

  public DealCards cards() {
    return cards;
  }

  public Mono<Loaded> load(String dealId) {
    return deals
        .find(dealId)
        .flatMap(
            deal ->
                leads
                    .findById(deal.id())
                    .map(lead -> new Loaded(deal, lead, directory.team(deal.teamId()))));
  }

  public boolean isManager(Loaded d, Address user) {
    return d.team().map(t -> t.isManager(user)).orElse(false);
  }

  /** The owner, or the manager of the deal's team. */
  public boolean mayAct(Loaded d, Address user) {
    return d.deal().owner().equals(user) || isManager(d, user);
  }

  /** Sends the deal card to its owner for the first time. */
  public Mono<Void> send(Deal deal, Lead lead) {
    String id = DealCards.dealCardId(deal.id()) + "-v" + deal.version();
    return dealCard(deal, lead)
        .flatMap(
            card ->
                talk.replies()
                    .perPlatform(
                        List.of(deal.owner()), (r, s) -> new DeliverCard(id + s, card, r)));
  }

  /** Shows the deal card as it is now to its owner (replacing the one sent before). */
  public Mono<Void> show(Deal deal, Lead lead) {
    String id = DealCards.dealCardId(deal.id()) + "-v" + deal.version();
    return dealCard(deal, lead)
        .flatMap(
            card ->
                talk.replies()
                    .perPlatform(List.of(deal.owner()), (r, s) -> new UpdateCard(id + s, card, r)));
  }

  /**
   * The deal card as it is now, with signed download links to the files attached to its checkpoints
   * (for the owner and the team's managers, the only people shown a deal card).
   */
  public Mono<Card> dealCard(Deal deal, Lead lead) {
    Instant now = talk.clock().instant();
    return Flux.fromIterable(settings.model().all())
        .concatMap(
            c ->
                Flux.fromIterable(deal.state(c.id()).evidence())
                    .concatMap(evidence::find)
                    .filter(e -> e.file() != null)
                    .map(
                        e ->
                            new DealCards.FileLink(
                                c.label(),
                                e.fileName() == null || e.fileName().isBlank()
                                    ? e.file().substring(0, 12)
                                    : e.fileName(),
                                links.link(e.id(), now))))
        .collectList()
        .map(files -> cards.deal(deal, lead, now, files));
  }

  public Mono<Void> audit(Deal deal, Address actor, String action, String reason, String eventId) {
    return audit(deal, actor, action, reason, eventId, talk.clock().instant());
  }

  public Mono<Void> audit(
      Deal deal, Address actor, String action, String reason, String eventId, Instant at) {
    return leads.audit(new AuditEntry(deal.id(), actor.toString(), action, reason, eventId, at));
  }

  /** Answers the person behind an event, in words from the bundle. */
  public Mono<Void> reply(InboundEvent to, Address user, String key, Object... args) {
    return talk.replies().reply(to, user, talk.messages().get(key, args));
  }
}
