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
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.math.BigDecimal;
import java.time.Clock;
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
 * the deal owner's at the moment the checkpoint is done or the deal won. A failure is not passed on
 * (the deal is stored already): what was to be derived is put on a durable timer ({@value #RETRY})
 * that derives it again a minute later, and again after each lease while it fails — the records'
 * ids make a repeat store nothing twice.
 */
public final class DerivedRecords {
  /** The source of every derived record. */
  public static final String SOURCE = "salesbot";

  /** The timer kind that derives again what failed to be stored. */
  public static final String RETRY = "derived-records";

  /** How long after a failure the records are derived again. */
  static final java.time.Duration RETRY_AFTER = java.time.Duration.ofMinutes(1);

  private static final System.Logger LOG = System.getLogger(DerivedRecords.class.getName());

  private final IngestRecord ingest;
  private final Leads leads;
  private final EvidenceStore evidence;
  private final SlaClocks clocks;
  private final Supplier<ScorecardSettings> settings;
  private final Timers timers;
  private final Clock clock;

  public DerivedRecords(
      IngestRecord ingest,
      Leads leads,
      EvidenceStore evidence,
      SlaClocks clocks,
      Supplier<ScorecardSettings> settings,
      Timers timers,
      Clock clock) {
    this.ingest = ingest;
    this.leads = leads;
    this.evidence = evidence;
    this.clocks = clocks;
    this.settings = settings;
    this.timers = timers;
    this.clock = clock;
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
    Pending pending =
        new Pending(saved.owner(), won ? micros(transition.at(), transition.at()) : null, done);
    return derive(s, saved, pending)
        .onErrorResume(
            e -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "could not derive the scorecard records of deal "
                      + saved.id()
                      + " (derived again in "
                      + RETRY_AFTER.toSeconds()
                      + " s): "
                      + e);
              return timers
                  .schedule(pending.timer(saved.id(), clock.instant().plus(RETRY_AFTER)))
                  .onErrorResume(
                      lost -> {
                        LOG.log(
                            System.Logger.Level.ERROR,
                            "could not put the scorecard records of deal "
                                + saved.id()
                                + " on a timer either; not derived: "
                                + pending
                                + ": "
                                + lost);
                        return Mono.empty();
                      });
            });
  }

  /**
   * Fires a {@value #RETRY} timer: derives again what could not be stored, from the deal as stored
   * now but for the owner and win recorded when it happened. An error leaves the timer to fire
   * again after its lease.
   */
  public Mono<Void> retry(Timer timer, Deals deals) {
    DerivedSettings s = settings.get().derived();
    Pending pending = Pending.parse(timer.data());
    if (!s.enabled() || pending == null) {
      return Mono.empty();
    }
    return deals.find(timer.leadId()).flatMap(deal -> derive(s, deal, pending));
  }

  private Mono<Void> derive(DerivedSettings s, Deal deal, Pending p) {
    return leads
        .findById(deal.id())
        .flatMapMany(lead -> derive(s, deal, lead, p))
        .concatMap(ingest::ingest)
        .doOnNext(
            o ->
                LOG.log(System.Logger.Level.DEBUG, "derived record " + o.key() + ": " + o.status()))
        .then();
  }

  /**
   * What a change of a deal is to derive: the owner then, when it was won (null when not), the
   * checkpoints it completed. As a timer's data: {@code <owner>|<won epoch micros or ->|<ids,…>}.
   */
  record Pending(Address rep, @Nullable Instant wonAt, List<String> done) {
    Timer timer(String dealId, Instant due) {
      String data =
          rep
              + "|"
              + (wonAt == null
                  ? "-"
                  : String.valueOf(ChronoUnit.MICROS.between(Instant.EPOCH, wonAt)))
              + "|"
              + String.join(",", done);
      return new Timer(
          RETRY + "-" + dealId + "-" + Integer.toHexString(data.hashCode()),
          RETRY,
          dealId,
          due,
          data);
    }

    static @Nullable Pending parse(String data) {
      String[] parts = data.split("\\|", -1);
      if (parts.length != 3) {
        LOG.log(System.Logger.Level.WARNING, "ignored a malformed " + RETRY + " timer: " + data);
        return null;
      }
      Instant won =
          parts[1].equals("-")
              ? null
              : Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
      List<String> ids = parts[2].isEmpty() ? List.of() : List.of(parts[2].split(","));
      return new Pending(Address.parse(parts[0]), won, ids);
    }
  }

  private Flux<SalesRecord> derive(DerivedSettings s, Deal deal, Lead lead, Pending p) {
    Address rep = p.rep();
    List<String> done = p.done();
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
    if (p.wonAt() != null && s.contracts()) {
      Instant at = p.wonAt();
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
