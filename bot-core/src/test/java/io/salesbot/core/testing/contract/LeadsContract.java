package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.WINDOW;
import static io.salesbot.core.testing.contract.ContractFixtures.ZHAOLIU;
import static io.salesbot.core.testing.contract.ContractFixtures.audit;
import static io.salesbot.core.testing.contract.ContractFixtures.ingested;
import static io.salesbot.core.testing.contract.ContractFixtures.pooled;
import static io.salesbot.core.testing.contract.ContractFixtures.submission;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ClaimLimits;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.lead.domain.RepLoad;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour of {@link Leads} that the use cases rely on; run against {@code InMemoryLeads} and
 * {@code PostgresLeads}. The claim cases pin the one claim decision ({@code ClaimDecision}): owner
 * first, then the re-claim cooldown, then the caps.
 */
public abstract class LeadsContract {
  private static final Duration COOLDOWN = Duration.ofHours(24);
  private static final String PHONE = "13800138000";

  /** An empty store; called once per test. */
  protected abstract Leads leads();

  private Leads leads;

  private synchronized Leads store() {
    if (leads == null) {
      leads = leads();
    }
    return leads;
  }

  private ClaimResult claim(Lead lead, Address rep, Instant at, ClaimLimits limits) {
    return store()
        .claimWithin(
            lead.id(), rep, at, limits, audit(lead.id(), rep.toString(), "claimed", "c-" + rep))
        .block();
  }

  /** Gives the lead to {@code rep} and then back to the pool at {@code at}. */
  private void lostBy(Lead lead, Address rep, Instant at) {
    claim(lead, rep, T0, ClaimLimits.NONE);
    Lead back =
        store()
            .transfer(lead.id(), rep, null, at, audit(lead.id(), "system", "recycled", "x-" + at))
            .block();
    assertThat(back.owner()).isNull();
  }

  /**
   * The answer for a rep who lost the lead at {@code lost}: the time is kept to the millisecond.
   */
  private static ClaimResult cooling(Instant lost) {
    Instant at = lost.truncatedTo(ChronoUnit.MILLIS);
    return new ClaimResult.CoolingDown(at, at.plus(COOLDOWN));
  }

  private static ClaimLimits caps(int maxOpen, int maxToday, Instant at) {
    return new ClaimLimits(maxOpen, maxToday, T0.minus(Duration.ofHours(1)), at.minus(COOLDOWN));
  }

  // Ingest

  @Test
  public void ingest_stores_a_new_lead_and_a_redelivery_returns_it() {
    LeadSubmission s = submission("i1", PHONE, null);
    String id = LeadIds.leadId("i1");
    Lead expected = Lead.create(id, s, T0);

    assertThat(store().ingest(s, id, T0, WINDOW).block())
        .isEqualTo(new IngestOutcome.Created(expected));
    assertThat(store().ingest(s, id, T0.plusSeconds(5), WINDOW).block())
        .isEqualTo(new IngestOutcome.AlreadyIngested(expected));
    assertThat(store().findById(id).block()).isEqualTo(expected);
    assertThat(store().findByIntakeId("i1").block()).isEqualTo(expected);
    assertThat(store().history(id).map(AuditEntry::action).collectList().block())
        .containsExactly("created");
  }

  @Test
  public void same_phone_within_the_window_merges_and_outside_it_is_a_new_lead() {
    Lead first = store().ingest(submission("i1", PHONE, null), "lead-1", T0, WINDOW).block().lead();
    IngestOutcome merged =
        store()
            .ingest(submission("i2", PHONE, "o-2"), "lead-2", T0.plus(Duration.ofHours(1)), WINDOW)
            .block();

    assertThat(merged).isInstanceOf(IngestOutcome.Merged.class);
    assertThat(merged.lead().id()).isEqualTo(first.id());
    assertThat(merged.lead().submission().openId()).isEqualTo("o-2");
    assertThat(store().findByIntakeId("i2").block().id()).isEqualTo(first.id());
    assertThat(store().findById("lead-2").block()).isNull();
    assertThat(store().history(first.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "merged");

    IngestOutcome later =
        store()
            .ingest(submission("i3", PHONE, null), "lead-3", T0.plus(Duration.ofDays(2)), WINDOW)
            .block();
    assertThat(later).isInstanceOf(IngestOutcome.Created.class);
    assertThat(later.lead().id()).isEqualTo("lead-3");
  }

  @Test
  public void ingest_all_stores_a_batch_of_new_leads_as_one_by_one_would() {
    LeadSubmission a = submission("i1", PHONE, null);
    LeadSubmission b = submission("i2", "13900139000", "o-2");
    LeadSubmission c = submission("i3", null, null);

    List<IngestOutcome> outcomes =
        store()
            .ingestAll(
                List.of(
                    new Leads.Intake(a, "lead-1"),
                    new Leads.Intake(b, "lead-2"),
                    new Leads.Intake(c, "lead-3")),
                T0,
                WINDOW)
            .block();

    assertThat(outcomes)
        .containsExactly(
            new IngestOutcome.Created(Lead.create("lead-1", a, T0)),
            new IngestOutcome.Created(Lead.create("lead-2", b, T0)),
            new IngestOutcome.Created(Lead.create("lead-3", c, T0)));
    assertThat(store().findByIntakeId("i2").block()).isEqualTo(Lead.create("lead-2", b, T0));
    assertThat(store().history("lead-3").map(AuditEntry::action).collectList().block())
        .containsExactly("created");
    assertThat(store().ingestAll(List.of(), T0, WINDOW).block()).isEmpty();
  }

  @Test
  public void ingest_all_merges_within_the_batch_and_answers_redeliveries_in_order() {
    Lead first = store().ingest(submission("i1", PHONE, null), "lead-1", T0, WINDOW).block().lead();
    Instant later = T0.plus(Duration.ofHours(1));
    String phone2 = "13900139000";

    List<IngestOutcome> outcomes =
        store()
            .ingestAll(
                List.of(
                    // an earlier lead's phone: merges into it
                    new Leads.Intake(submission("i2", PHONE, null), "lead-2"),
                    // new, then two repeats of it in the same batch
                    new Leads.Intake(submission("i3", phone2, null), "lead-3"),
                    // same phone: merges into lead-3 and gives it an openid
                    new Leads.Intake(submission("i4", phone2, "o-4"), "lead-4"),
                    // only that openid, filled in by the merge just before: merges into lead-3
                    new Leads.Intake(submission("i5", null, "o-4"), "lead-5"),
                    // redeliveries: of the earlier lead's intake, and of a merge in this batch
                    new Leads.Intake(submission("i1", PHONE, null), "lead-1"),
                    new Leads.Intake(submission("i4", phone2, "o-4"), "lead-4")),
                later,
                WINDOW)
            .block();

    assertThat(outcomes).hasSize(6);
    assertThat(outcomes.get(0)).isInstanceOf(IngestOutcome.Merged.class);
    assertThat(outcomes.get(0).lead().id()).isEqualTo(first.id());
    assertThat(outcomes.get(1)).isInstanceOf(IngestOutcome.Created.class);
    assertThat(outcomes.get(1).lead().id()).isEqualTo("lead-3");
    assertThat(outcomes.get(2)).isInstanceOf(IngestOutcome.Merged.class);
    assertThat(outcomes.get(2).lead().id()).isEqualTo("lead-3");
    assertThat(outcomes.get(2).lead().submission().openId()).isEqualTo("o-4");
    assertThat(outcomes.get(3)).isEqualTo(new IngestOutcome.Merged(outcomes.get(2).lead(), "i5"));
    assertThat(outcomes.get(4)).isInstanceOf(IngestOutcome.AlreadyIngested.class);
    assertThat(outcomes.get(4).lead().id()).isEqualTo(first.id());
    assertThat(outcomes.get(5)).isEqualTo(new IngestOutcome.Merged(outcomes.get(2).lead(), "i4"));
    assertThat(store().findById("lead-4").block()).isNull();
    assertThat(store().findById("lead-5").block()).isNull();
    assertThat(store().findByIntakeId("i5").block().id()).isEqualTo("lead-3");
    assertThat(store().history("lead-3").map(AuditEntry::action).collectList().block())
        .containsExactly("created", "merged", "merged");
    assertThat(store().history(first.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "merged");
  }

  @Test
  public void make_hot_raises_a_normal_lead_once_with_its_audit_entry() {
    Lead first = store().ingest(submission("i1", PHONE, null), "lead-1", T0, WINDOW).block().lead();
    assertThat(first.submission().priority()).isEqualTo(Priority.NORMAL);
    Lead hot = store().makeHot(first.id(), audit(first.id(), "system", "made_hot", "h-1")).block();
    assertThat(hot).isEqualTo(first.madeHot());
    assertThat(hot.submission().priority()).isEqualTo(Priority.HOT);
    assertThat(hot.version()).isEqualTo(first.version() + 1);
    assertThat(store().findById(first.id()).block()).isEqualTo(hot);

    Lead again =
        store().makeHot(first.id(), audit(first.id(), "system", "made_hot", "h-2")).block();
    assertThat(again).isEqualTo(hot);
    assertThat(store().history(first.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "made_hot");
    assertThat(store().makeHot("nobody", audit("nobody", "system", "made_hot", "h-3")).block())
        .isNull();
  }

  @Test
  public void make_hot_leaves_an_ended_lead_alone() {
    Lead lead = store().ingest(submission("i1", PHONE, null), "lead-1", T0, WINDOW).block().lead();
    store().route(lead.id(), "east", audit(lead.id(), "system", "routed", "r-1")).block();
    claim(lead, LISI, T0, ClaimLimits.NONE);
    Lead won =
        store()
            .close(lead.id(), LISI, LeadStatus.WON, audit(lead.id(), "lisi", "won", "w-1"))
            .block();
    assertThat(store().makeHot(lead.id(), audit(lead.id(), "system", "made_hot", "h-1")).block())
        .isEqualTo(won);
    assertThat(won.submission().priority()).isEqualTo(Priority.NORMAL);
  }

  @Test
  public void lookups_of_unknown_ids_are_empty() {
    assertThat(store().findById("nope").block()).isNull();
    assertThat(store().findByIntakeId("nope").block()).isNull();
    assertThat(
            store().claim("nope", LISI, T0, audit("nope", LISI.toString(), "claimed", "c")).block())
        .isNull();
    assertThat(store().route("nope", "east", audit("nope", "system", "routed", "r")).block())
        .isNull();
  }

  // Routing

  @Test
  public void route_pools_a_new_lead_once() {
    Lead lead = ingested(store(), "i1", T0);
    Lead routed =
        store().route(lead.id(), "east", audit(lead.id(), "system", "routed", "r1")).block();
    assertThat(routed).isEqualTo(lead.routedTo("east"));

    Lead again =
        store().route(lead.id(), "west", audit(lead.id(), "system", "routed", "r2")).block();
    assertThat(again).isEqualTo(routed);
    assertThat(store().history(lead.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "routed");
  }

  @Test
  public void route_all_routes_a_batch_as_one_by_one_would_and_again_changes_nothing() {
    Lead a = ingested(store(), "i1", T0);
    Lead b = ingested(store(), "i2", T0);
    Lead before = ingested(store(), "i3", T0);
    store().route(before.id(), "west", audit(before.id(), "system", "routed", "r-0")).block();
    AuditEntry routedA =
        new AuditEntry(a.id(), "system", "routed", "rule R1 matched", "r-a", T0.plusMillis(1500));
    List<Leads.Routing> batch =
        List.of(
            new Leads.Routing(a.id(), "east", routedA),
            new Leads.Routing(b.id(), "west", audit(b.id(), "system", "routed", "r-b")),
            // the same lead again in the batch: the first routing stands
            new Leads.Routing(a.id(), "west", audit(a.id(), "system", "routed", "r-a2")),
            // routed before the batch: unchanged, no audit entry
            new Leads.Routing(before.id(), "east", audit(before.id(), "system", "routed", "r-1")),
            new Leads.Routing("nope", "east", audit("nope", "system", "routed", "r-2")));

    List<Optional<Lead>> answers = store().routeAll(batch).block();

    List<Optional<Lead>> expected =
        List.of(
            Optional.of(a.routedTo("east")),
            Optional.of(b.routedTo("west")),
            Optional.of(a.routedTo("east")),
            Optional.of(before.routedTo("west")),
            Optional.empty());
    assertThat(answers).isEqualTo(expected);
    assertThat(store().findById(a.id()).block()).isEqualTo(a.routedTo("east"));
    List<AuditEntry> historyA = store().history(a.id()).collectList().block();
    assertThat(historyA).hasSize(2);
    assertThat(historyA.get(1)).isEqualTo(routedA);
    assertThat(store().history(before.id()).map(AuditEntry::eventId).collectList().block())
        .containsExactly("i3", "r-0");

    // A redelivered batch: every lead as it is, nothing routed or audited twice.
    assertThat(store().routeAll(batch).block()).isEqualTo(expected);
    assertThat(store().history(a.id()).collectList().block()).isEqualTo(historyA);
    assertThat(store().history(b.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "routed");
    assertThat(store().routeAll(List.of()).block()).isEmpty();
  }

  @Test
  public void route_all_leaves_a_lead_claimed_meanwhile_with_its_owner() {
    Lead lead = pooled(store(), "i1", "east");
    claim(lead, LISI, T0, ClaimLimits.NONE);
    Lead owned = store().findById(lead.id()).block();

    assertThat(
            store()
                .routeAll(
                    List.of(
                        new Leads.Routing(
                            lead.id(), "west", audit(lead.id(), "system", "routed", "r-9"))))
                .block())
        .containsExactly(Optional.of(owned));
    assertThat(owned.owner()).isEqualTo(LISI);
  }

  // Claims

  @Test
  public void the_first_claim_wins_and_a_repeated_press_is_harmless() {
    Lead lead = pooled(store(), "i1", "east");
    Instant at = T0.plusSeconds(10);

    assertThat(claim(lead, LISI, at, ClaimLimits.NONE))
        .isEqualTo(new ClaimResult.Claimed(lead.claimedBy(LISI, at)));
    assertThat(claim(lead, LISI, at.plusSeconds(1), ClaimLimits.NONE))
        .isEqualTo(new ClaimResult.Claimed(lead.claimedBy(LISI, at)));
    assertThat(claim(lead, WANGWU, at.plusSeconds(2), ClaimLimits.NONE))
        .isEqualTo(new ClaimResult.AlreadyClaimed(lead.claimedBy(LISI, at)));
    assertThat(store().findById(lead.id()).block()).isEqualTo(lead.claimedBy(LISI, at));
    assertThat(store().history(lead.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "routed", "claimed");
  }

  @Test
  public void a_rep_at_the_open_leads_cap_is_refused_and_nothing_changes() {
    Lead mine = pooled(store(), "i1", "east");
    Lead other = pooled(store(), "i2", "east");
    claim(mine, LISI, T0, ClaimLimits.NONE);
    Instant at = T0.plusSeconds(10);

    assertThat(claim(other, LISI, at, caps(1, 0, at)))
        .isEqualTo(new ClaimResult.CapReached("cap reached: 1 open leads (max 1)"));
    assertThat(store().findById(other.id()).block().owner()).isNull();
    assertThat(claim(other, LISI, at, caps(2, 0, at))).isInstanceOf(ClaimResult.Claimed.class);
  }

  @Test
  public void claims_before_the_day_start_do_not_count_towards_the_daily_cap() {
    Lead yesterday = pooled(store(), "i1", "east");
    Lead today = pooled(store(), "i2", "east");
    Lead third = pooled(store(), "i3", "east");
    claim(yesterday, LISI, T0.minus(Duration.ofHours(2)), ClaimLimits.NONE);
    Instant at = T0.plusSeconds(10);

    assertThat(claim(today, LISI, at, caps(0, 1, at))).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(claim(third, LISI, at, caps(0, 1, at)))
        .isEqualTo(new ClaimResult.CapReached("cap reached: 1 claims today (max 1)"));
    assertThat(store().loads(List.of(LISI, WANGWU), T0.minus(Duration.ofHours(1))).block())
        .containsExactlyInAnyOrderEntriesOf(Map.of(LISI, new RepLoad(2, 1), WANGWU, RepLoad.NONE));
  }

  @Test
  public void a_recycled_lead_cools_down_for_its_previous_owner_only() {
    Lead lead = pooled(store(), "i1", "east");
    Instant lost = T0.plus(Duration.ofHours(1));
    lostBy(lead, LISI, lost);
    Instant soon = lost.plus(Duration.ofHours(1));

    assertThat(claim(lead, LISI, soon, caps(0, 0, soon))).isEqualTo(cooling(lost));
    assertThat(store().findById(lead.id()).block().owner()).isNull();

    Instant after = lost.plus(COOLDOWN).plusSeconds(1);
    assertThat(claim(lead, LISI, after, caps(0, 0, after))).isInstanceOf(ClaimResult.Claimed.class);
  }

  @Test
  public void another_rep_may_claim_a_lead_in_someone_elses_cooldown() {
    Lead lead = pooled(store(), "i1", "east");
    Instant lost = T0.plus(Duration.ofHours(1));
    lostBy(lead, LISI, lost);
    Instant soon = lost.plus(Duration.ofHours(1));

    assertThat(claim(lead, WANGWU, soon, caps(0, 0, soon)))
        .isEqualTo(new ClaimResult.Claimed(store().findById(lead.id()).block()));
    assertThat(store().findById(lead.id()).block().owner()).isEqualTo(WANGWU);
  }

  @Test
  public void a_capped_rep_in_cooldown_is_told_about_the_cooldown() {
    Lead lead = pooled(store(), "i1", "east");
    Lead held = pooled(store(), "i2", "east");
    Instant lost = T0.plus(Duration.ofHours(1));
    lostBy(lead, LISI, lost);
    claim(held, LISI, lost, ClaimLimits.NONE);
    Instant soon = lost.plus(Duration.ofHours(1));

    assertThat(claim(lead, LISI, soon, caps(1, 1, soon))).isEqualTo(cooling(lost));
    // Outside the cooldown the cap is what stops them.
    Instant after = lost.plus(COOLDOWN).plusSeconds(1);
    assertThat(claim(lead, LISI, after, caps(1, 0, after)))
        .isEqualTo(new ClaimResult.CapReached("cap reached: 1 open leads (max 1)"));
  }

  @Test
  public void an_owned_lead_is_already_claimed_whatever_the_presser_s_caps_and_cooldown() {
    Lead lead = pooled(store(), "i1", "east");
    Lead held = pooled(store(), "i2", "east");
    Instant lost = T0.plus(Duration.ofHours(1));
    lostBy(lead, LISI, lost);
    claim(held, LISI, lost, ClaimLimits.NONE);
    Instant soon = lost.plus(Duration.ofMinutes(10));
    claim(lead, WANGWU, soon, ClaimLimits.NONE);
    Lead owned = store().findById(lead.id()).block();

    assertThat(claim(lead, LISI, soon.plusSeconds(1), caps(1, 1, soon)))
        .isEqualTo(new ClaimResult.AlreadyClaimed(owned));
    // And the owner's repeated press is Claimed, although they are at the cap now.
    assertThat(claim(lead, WANGWU, soon.plusSeconds(1), caps(1, 1, soon)))
        .isEqualTo(new ClaimResult.Claimed(owned));
  }

  @Test
  public void twenty_concurrent_claims_give_exactly_one_owner() {
    Lead lead = pooled(store(), "i1", "east");
    List<Address> reps = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      reps.add(Address.parse("sandbox:rep" + i));
    }
    List<ClaimResult> results =
        Flux.fromIterable(reps)
            .parallel(20)
            .runOn(Schedulers.boundedElastic())
            .flatMap(
                rep ->
                    store()
                        .claimWithin(
                            lead.id(),
                            rep,
                            T0,
                            ClaimLimits.NONE,
                            audit(lead.id(), rep.toString(), "claimed", "c-" + rep)))
            .sequential()
            .collectList()
            .block();

    assertThat(results).hasSize(20);
    assertThat(results).filteredOn(ClaimResult.Claimed.class::isInstance).hasSize(1);
    assertThat(results).filteredOn(ClaimResult.AlreadyClaimed.class::isInstance).hasSize(19);
    assertThat(store().history(lead.id()).filter(a -> a.action().equals("claimed")).count().block())
        .isEqualTo(1);
  }

  @Test
  public void concurrent_claims_of_one_rep_never_exceed_a_cap() {
    List<Lead> many = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      many.add(pooled(store(), "i" + i, "east"));
    }
    Instant at = T0.plusSeconds(10);
    List<ClaimResult> results =
        Flux.fromIterable(many)
            .parallel(8)
            .runOn(Schedulers.boundedElastic())
            .flatMap(
                l ->
                    store()
                        .claimWithin(
                            l.id(),
                            ZHAOLIU,
                            at,
                            caps(3, 0, at),
                            audit(l.id(), ZHAOLIU.toString(), "claimed", "c")))
            .sequential()
            .collectList()
            .block();

    assertThat(results).filteredOn(ClaimResult.Claimed.class::isInstance).hasSize(3);
    assertThat(results).filteredOn(ClaimResult.CapReached.class::isInstance).hasSize(5);
    assertThat(store().ownedBy(ZHAOLIU, 100).count().block()).isEqualTo(3);
  }

  @Test
  public void nothing_changes_until_subscribed() {
    Lead lead = pooled(store(), "i1", "east");
    store().claim(lead.id(), LISI, T0, audit(lead.id(), LISI.toString(), "claimed", "c"));
    store().audit(audit(lead.id(), "m", "note", "n"));
    store().route(ingested(store(), "i2", T0).id(), "east", audit("x", "system", "routed", "r"));
    store().ingest(submission("i3", null, null), "lead-3", T0, WINDOW);

    assertThat(store().findById(lead.id()).block()).isEqualTo(lead);
    assertThat(store().history(lead.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "routed");
    assertThat(store().findById(LeadIds.leadId("i2")).block().status()).isEqualTo(LeadStatus.NEW);
    assertThat(store().findById("lead-3").block()).isNull();
  }

  // Transfers

  @Test
  public void transfer_is_conditional_on_the_current_owner() {
    Lead lead = pooled(store(), "i1", "east");
    claim(lead, LISI, T0, ClaimLimits.NONE);
    Instant at = T0.plusSeconds(30);

    assertThat(
            store()
                .transfer(lead.id(), WANGWU, ZHAOLIU, at, audit(lead.id(), "m", "reassigned", "t1"))
                .block())
        .isNull();
    Lead moved =
        store()
            .transfer(lead.id(), LISI, WANGWU, at, audit(lead.id(), "m", "reassigned", "t2"))
            .block();
    assertThat(moved).isEqualTo(lead.claimedBy(LISI, T0).transferredTo(WANGWU, at));
    Lead back =
        store()
            .transfer(lead.id(), WANGWU, null, at, audit(lead.id(), "m", "recycled", "t3"))
            .block();
    assertThat(back).isEqualTo(moved.transferredTo(null, at));
    assertThat(back.status()).isEqualTo(LeadStatus.POOLED);
    // From the pool (from = null) to a rep: an assignment.
    assertThat(
            store()
                .transfer(lead.id(), null, ZHAOLIU, at, audit(lead.id(), "m", "assigned", "t4"))
                .block())
        .isEqualTo(back.transferredTo(ZHAOLIU, at));
  }

  @Test
  public void a_lead_not_routed_yet_cannot_be_transferred() {
    Lead lead = ingested(store(), "i1", T0);
    assertThat(
            store()
                .transfer(lead.id(), null, LISI, T0, audit(lead.id(), "m", "assigned", "t"))
                .block())
        .isNull();
  }

  // Reads

  @Test
  public void pool_lists_a_team_s_unowned_leads_oldest_first() {
    Lead b = pooled(store(), "b", "east");
    Lead later = ingested(store(), "a", T0.plusSeconds(1));
    store().route(later.id(), "east", audit(later.id(), "system", "routed", "r")).block();
    Lead west = pooled(store(), "w", "west");
    Lead taken = pooled(store(), "t", "east");
    claim(taken, LISI, T0, ClaimLimits.NONE);

    assertThat(store().pool("east", 0, 10).map(Lead::id).collectList().block())
        .containsExactly(b.id(), later.id());
    assertThat(store().pool("east", 1, 10).map(Lead::id).collectList().block())
        .containsExactly(later.id());
    assertThat(store().poolSize("east").block()).isEqualTo(2);
    assertThat(store().poolSize("west").block()).isEqualTo(1);
    assertThat(west.teamId()).isEqualTo("west");
  }

  @Test
  public void owned_by_lists_a_rep_s_leads_newest_claim_first() {
    Lead first = pooled(store(), "i1", "east");
    Lead second = pooled(store(), "i2", "east");
    claim(first, LISI, T0, ClaimLimits.NONE);
    claim(second, LISI, T0.plusSeconds(5), ClaimLimits.NONE);

    assertThat(store().ownedBy(LISI, 10).map(Lead::id).collectList().block())
        .containsExactly(second.id(), first.id());
    assertThat(store().ownedBy(LISI, 1).map(Lead::id).collectList().block())
        .containsExactly(second.id());
    assertThat(store().ownedBy(WANGWU, 10).collectList().block()).isEmpty();
  }

  @Test
  public void find_by_ids_reads_the_leads_there_are_once_each() {
    Lead first = pooled(store(), "i1", "east");
    Lead second = pooled(store(), "i2", "south");
    pooled(store(), "i3", "east");

    assertThat(
            store()
                .findByIds(List.of(second.id(), "nope", first.id(), second.id()))
                .map(Lead::id)
                .collectList()
                .block())
        .containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(store().findByIds(List.of(first.id())).blockFirst())
        .isEqualTo(store().findById(first.id()).block());
    assertThat(store().findByIds(List.of()).collectList().block()).isEmpty();
  }

  @Test
  public void find_by_id_prefix_matches_ids_in_order() {
    for (String id : List.of("abc-2", "abd-1", "abc-1")) {
      store().ingest(submission("in-" + id, null, null), id, T0, WINDOW).block();
    }

    assertThat(store().findByIdPrefix("abc", 10).map(Lead::id).collectList().block())
        .containsExactly("abc-1", "abc-2");
    assertThat(store().findByIdPrefix("ab", 2).map(Lead::id).collectList().block())
        .containsExactly("abc-1", "abc-2");
    // Typed in chat: anything but an id's characters finds nothing (no wildcards).
    assertThat(store().findByIdPrefix("ab%", 10).collectList().block()).isEmpty();
    assertThat(store().findByIdPrefix("", 10).collectList().block()).isEmpty();
  }

  @Test
  public void audit_is_stored_once_per_lead_action_and_event_and_read_oldest_first() {
    Lead lead = ingested(store(), "i1", T0);
    AuditEntry note = new AuditEntry(lead.id(), "m", "note", "first", "e1", T0.plusSeconds(1));
    store().audit(note).block();
    store().audit(new AuditEntry(lead.id(), "m", "note", "again", "e1", T0.plusSeconds(2))).block();
    AuditEntry other = new AuditEntry(lead.id(), "m", "note", "other", "e2", T0.plusSeconds(3));
    store().audit(other).block();

    List<AuditEntry> history = store().history(lead.id()).collectList().block();
    assertThat(history).hasSize(3);
    assertThat(history.subList(1, 3)).containsExactly(note, other);
  }
}
