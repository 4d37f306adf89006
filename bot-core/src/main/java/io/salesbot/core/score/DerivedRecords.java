package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.score.domain.ChatAmount;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.Transition;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The scorecard records salesbot derives itself, never keyed by hand, stored through {@link
 * IngestRecord} with the source {@value #SOURCE} (validated, versioned, marking their months dirty
 * like any other):
 *
 * <ul>
 *   <li>a proposal checkpoint done (⑥ 方案提交) → {@code metric} {@code proposals} 1;
 *   <li>a visit checkpoint done (⑦ 方案演示/技术交流) → {@code visit} (duration 0: chat evidence does not
 *       say how long);
 *   <li>① 首次触达 done → {@code metric} {@code follow-up}: 1 within the first-touch SLA, 0 after;
 *   <li>a deal won → {@code new_customer} and, with the contract checkpoint's amount (⑪), {@code
 *       contract} — unless contracts come from a feed ({@link DerivedSettings#contracts()}).
 * </ul>
 *
 * Each record's externalId is made of the deal's id and the checkpoint (or {@code won}), and its
 * values only of what the deal stored, so a redelivered event stores nothing new. The records are
 * the deal owner's at the moment the checkpoint is done or the deal won. A failure is logged, not
 * passed on: the deal is stored already.
 */
public final class DerivedRecords {
  /** The source of every derived record. */
  public static final String SOURCE = "salesbot";

  private static final System.Logger LOG = System.getLogger(DerivedRecords.class.getName());

  private final IngestRecord ingest;
  private final Leads leads;
  private final EvidenceStore evidence;
  private final SlaClocks clocks;
  private final Supplier<ScorecardSettings> settings;

  public DerivedRecords(
      IngestRecord ingest,
      Leads leads,
      EvidenceStore evidence,
      SlaClocks clocks,
      Supplier<ScorecardSettings> settings) {
    this.ingest = ingest;
    this.leads = leads;
    this.evidence = evidence;
    this.clocks = clocks;
    this.settings = settings;
  }

  /** {@code deals}, deriving records from what each saved change of a deal completes. */
  public Deals watching(Deals deals) {
    return new DerivingDeals(deals, this);
  }

  /** Whether any record is derived ({@code salesbot.scorecards.derived.enabled}). */
  boolean enabled() {
    return settings.get().derived().enabled();
  }

  /**
   * Derives and stores what became true between {@code before} and {@code saved} (the version
   * stored right before it): checkpoints newly done and, with {@code transition}, a win.
   */
  Mono<Void> changed(@Nullable Deal before, Deal saved, @Nullable Transition transition) {
    DerivedSettings s = settings.get().derived();
    if (!s.enabled()) {
      return Mono.empty();
    }
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, CheckpointState> c : saved.checkpoints().entrySet()) {
      boolean wasDone = before != null && before.state(c.getKey()).done();
      if (c.getValue().done() && !wasDone) {
        done.add(c.getKey());
      }
    }
    boolean won =
        transition != null
            && transition.outcome() == DealOutcome.WON
            && (before == null || before.isOpen());
    if (done.isEmpty() && !won) {
      return Mono.empty();
    }
    return leads
        .findById(saved.id())
        .flatMapMany(lead -> derive(s, saved, lead, done, won ? transition : null))
        .concatMap(ingest::ingest)
        .doOnNext(
            o ->
                LOG.log(System.Logger.Level.DEBUG, "derived record " + o.key() + ": " + o.status()))
        .then()
        .onErrorResume(
            e -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "could not derive the scorecard records of deal " + saved.id() + ": " + e);
              return Mono.empty();
            });
  }

  private Flux<SalesRecord> derive(
      DerivedSettings s, Deal deal, Lead lead, List<String> done, @Nullable Transition won) {
    Address rep = deal.owner();
    String customer = customer(lead);
    List<Mono<SalesRecord>> out = new ArrayList<>();
    for (String id : done) {
      Instant at = micros(deal.state(id).doneAt(), deal.lastProgressAt());
      if (s.proposalCheckpoints().contains(id)) {
        out.add(
            Mono.just(
                record(
                    deal,
                    id,
                    RecordType.METRIC,
                    rep,
                    at,
                    Map.of("dimension", s.proposalDimension(), "value", "1"))));
      }
      if (s.visitCheckpoints().contains(id)) {
        out.add(
            Mono.just(
                record(
                    deal,
                    id,
                    RecordType.VISIT,
                    rep,
                    at,
                    Map.of("customer", customer, "duration", "0"))));
      }
      if (id.equals(StageModel.FIRST_TOUCH)) {
        out.add(firstTouch(s, deal, rep));
      }
    }
    if (won != null && s.contracts()) {
      Instant at = micros(won.at(), won.at());
      out.add(
          Mono.just(
              record(deal, "won", RecordType.NEW_CUSTOMER, rep, at, Map.of("customer", customer))));
      out.add(
          amount(deal, s.contractCheckpoint())
              .map(
                  amount ->
                      record(
                          deal,
                          "contract",
                          RecordType.CONTRACT,
                          rep,
                          at,
                          Map.of("customer", customer, "amount", amount.toPlainString())))
              .doOnSuccess(
                  r -> {
                    if (r == null) {
                      LOG.log(
                          System.Logger.Level.INFO,
                          "deal "
                              + deal.id()
                              + " was won without an amount on its contract checkpoint: no"
                              + " contract record derived");
                    }
                  }));
    }
    return Flux.concat(out);
  }

  /** 1 when the owner's first touch came within the SLA, 0 when after it. */
  private Mono<SalesRecord> firstTouch(DerivedSettings s, Deal deal, Address rep) {
    return clocks
        .find(deal.id())
        .filter(c -> c.contactedAt() != null && c.owner().equals(rep))
        .map(
            c ->
                record(
                    deal,
                    StageModel.FIRST_TOUCH,
                    RecordType.METRIC,
                    rep,
                    micros(c.contactedAt(), c.contactedAt()),
                    Map.of(
                        "dimension", s.firstTouchDimension(), "value", c.breached() ? "0" : "1")));
  }

  /** The amount of the newest evidence of the contract checkpoint that names one. */
  private Mono<BigDecimal> amount(Deal deal, String checkpoint) {
    List<String> ids = new ArrayList<>(deal.state(checkpoint).evidence());
    java.util.Collections.reverse(ids);
    return Flux.fromIterable(ids)
        .concatMap(evidence::find)
        .map(Evidence::text)
        .filter(t -> t != null)
        .concatMap(t -> Mono.justOrEmpty(ChatAmount.parse(t)))
        .next();
  }

  private static SalesRecord record(
      Deal deal, String what, RecordType type, Address rep, Instant at, Map<String, String> f) {
    return new SalesRecord(
        new RecordKey(SOURCE, externalId(deal.id(), what)), type, rep, at, false, false, f);
  }

  /** {@code deal:<dealId>:<checkpoint id | won | contract>}. */
  static String externalId(String dealId, String what) {
    return "deal:" + dealId + ":" + what;
  }

  private static String customer(Lead lead) {
    LeadSubmission s = lead.submission();
    String name =
        Optional.ofNullable(s.company())
            .filter(c -> !c.isBlank())
            .or(() -> Optional.ofNullable(s.name()).filter(n -> !n.isBlank()))
            .orElse("#" + lead.shortId());
    return name.length() > 200 ? name.substring(0, 200) : name.strip();
  }

  /** Kept to the microsecond, as the records store keeps it, so that a repeat stays a repeat. */
  private static Instant micros(@Nullable Instant at, Instant otherwise) {
    return (at == null ? otherwise : at).truncatedTo(ChronoUnit.MICROS);
  }
}
