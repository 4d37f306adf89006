package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.Fixtures.T0;
import static io.salesbot.adapter.postgres.Fixtures.audit;
import static io.salesbot.adapter.postgres.Fixtures.submission;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.ClaimLimits;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.domain.Offer;
import io.salesbot.core.routing.domain.OfferState;
import io.salesbot.core.sla.domain.SlaClock;
import io.salesbot.core.timer.FireTimers;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.TimerKinds;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class PostgresRoutingAndTimersTest extends DatabaseTest {
  private static final Address LISI = Address.parse("sandbox:lisi");
  private static final Address WANGWU = Address.parse("sandbox:wangwu");

  private final Leads leads = adapter.leads();

  private Lead pooled(String intakeId) {
    Lead lead =
        leads
            .ingest(
                submission(intakeId, null, null), LeadIds.leadId(intakeId), T0, Duration.ofDays(1))
            .block()
            .lead();
    return leads.route(lead.id(), "east", audit(lead.id(), "system", "routed", "r", T0)).block();
  }

  @Test
  void twoInstancesNeverHandOutTheSameRoundRobinTurn() {
    PostgresAdapter other = new PostgresAdapter(database.connectionFactory());
    List<Long> turns =
        Flux.range(0, 200)
            .flatMap(
                i ->
                    (i % 2 == 0 ? adapter : other)
                        .routingState()
                        .nextTurn("east")
                        .subscribeOn(Schedulers.parallel()),
                32)
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(turns).hasSize(200).doesNotHaveDuplicates();
    assertThat(turns.stream().mapToLong(Long::longValue).max().getAsLong()).isEqualTo(199);
    assertThat(adapter.routingState().nextTurn("south").block()).isZero();
  }

  @Test
  void dutyIsOnUntilSetOff() {
    assertThat(adapter.routingState().offDuty(List.of(LISI, WANGWU)).block()).isEmpty();
    adapter.routingState().setDuty(LISI, false, T0).block();
    adapter.routingState().setDuty(LISI, false, T0).block();
    assertThat(adapter.routingState().offDuty(List.of(LISI, WANGWU)).block()).containsOnly(LISI);
    adapter.routingState().setDuty(LISI, true, T0).block();
    assertThat(adapter.routingState().offDuty(List.of(LISI)).block()).isEmpty();
  }

  @Test
  void concurrentClaimsOfOneRepNeverExceedTheCap() {
    List<Lead> pool = Flux.range(0, 10).map(i -> pooled("i-" + i)).collectList().block();
    ClaimLimits limits = new ClaimLimits(3, 0, T0.minusSeconds(3600));
    List<ClaimResult> results =
        Flux.fromIterable(pool)
            .flatMap(
                l ->
                    leads
                        .claimWithin(
                            l.id(),
                            LISI,
                            T0,
                            limits,
                            audit(l.id(), "sandbox:lisi", "claimed", "e", T0))
                        .subscribeOn(Schedulers.parallel()),
                10)
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(results).filteredOn(r -> r instanceof ClaimResult.Claimed).hasSize(3);
    assertThat(results).filteredOn(r -> r instanceof ClaimResult.CapReached).hasSize(7);
    assertThat(leads.loads(List.of(LISI, WANGWU), T0.minusSeconds(1)).block())
        .containsEntry(LISI, new io.salesbot.core.lead.domain.RepLoad(3, 3))
        .containsEntry(WANGWU, io.salesbot.core.lead.domain.RepLoad.NONE);
    assertThat(leads.ownedBy(LISI, 10).collectList().block()).hasSize(3);
    assertThat(leads.poolSize("east").block()).isEqualTo(7);
    assertThat(leads.pool("east", 5, 5).collectList().block()).hasSize(2);
  }

  @Test
  void transferIsConditionalOnTheCurrentOwner() {
    Lead lead = pooled("i-t");
    assertThat(leads.findByIdPrefix(lead.shortId(), 2).collectList().block()).containsExactly(lead);
    assertThat(leads.findByIdPrefix("x%", 2).collectList().block()).isEmpty();
    Lead assigned =
        leads
            .transfer(lead.id(), null, LISI, T0, audit(lead.id(), "m", "assigned", "a", T0))
            .block();
    assertThat(assigned.owner()).isEqualTo(LISI);
    assertThat(assigned.status()).isEqualTo(LeadStatus.CLAIMED);
    // Stale: the owner is no longer null.
    StepVerifier.create(
            leads.transfer(lead.id(), null, WANGWU, T0, audit(lead.id(), "m", "assigned", "b", T0)))
        .verifyComplete();
    Lead back =
        leads
            .transfer(lead.id(), LISI, null, T0, audit(lead.id(), "m", "recycled", "c", T0))
            .block();
    assertThat(back.status()).isEqualTo(LeadStatus.POOLED);
    assertThat(back.owner()).isNull();
    assertThat(back.claimedAt()).isNull();
  }

  @Test
  void anOfferIsStoredOnceAndClosedOnce() {
    Lead lead = pooled("i-o");
    Offer first = new Offer(lead.id(), 1, LISI, OfferState.OPEN, T0, T0.plusSeconds(300));
    assertThat(adapter.offers().open(first).block()).isEqualTo(first);
    Offer racing = new Offer(lead.id(), 1, WANGWU, OfferState.OPEN, T0, T0.plusSeconds(300));
    assertThat(adapter.offers().open(racing).block()).isEqualTo(first);
    StepVerifier.create(adapter.offers().close(lead.id(), 1, WANGWU, OfferState.ACCEPTED, T0))
        .verifyComplete();
    assertThat(adapter.offers().close(lead.id(), 1, LISI, OfferState.DECLINED, T0).block().state())
        .isEqualTo(OfferState.DECLINED);
    StepVerifier.create(adapter.offers().close(lead.id(), 1, LISI, OfferState.EXPIRED, T0))
        .verifyComplete();
    assertThat(adapter.offers().of(lead.id()).collectList().block()).hasSize(1);
  }

  @Test
  void slaClocksChangeOnlyWhenTheirConditionHolds() {
    Lead lead = pooled("i-s");
    SlaClock c = SlaClock.start(lead.id(), LISI, T0, Duration.ofMinutes(15));
    assertThat(adapter.slaClocks().start(c).block()).isEqualTo(c);
    assertThat(adapter.slaClocks().start(c).block()).isEqualTo(c);
    StepVerifier.create(adapter.slaClocks().extend(lead.id(), T0, T0.plusSeconds(1)))
        .verifyComplete();
    SlaClock extended =
        adapter.slaClocks().extend(lead.id(), c.dueAt(), c.dueAt().plusSeconds(900)).block();
    assertThat(extended.dueAt()).isEqualTo(c.dueAt().plusSeconds(900));
    StepVerifier.create(adapter.slaClocks().breach(lead.id(), c.dueAt(), T0)).verifyComplete();
    assertThat(adapter.slaClocks().breach(lead.id(), extended.dueAt(), T0).block().breachedAt())
        .isEqualTo(T0);
    StepVerifier.create(adapter.slaClocks().breach(lead.id(), extended.dueAt(), T0))
        .verifyComplete();
    StepVerifier.create(adapter.slaClocks().contacted(lead.id(), WANGWU, ContactChannel.PHONE, T0))
        .verifyComplete();
    assertThat(
            adapter
                .slaClocks()
                .contacted(lead.id(), LISI, ContactChannel.WECHAT, T0)
                .block()
                .channel())
        .isEqualTo(ContactChannel.WECHAT);
    assertThat(adapter.slaClocks().startedSince("east", T0).collectList().block()).hasSize(1);
    assertThat(adapter.slaClocks().startedSince("south", T0).collectList().block()).isEmpty();
  }

  @Test
  void everyTimerFiresOnceWithTwoPollersCompeting() {
    int n = 300;
    Flux.range(0, n)
        .concatMap(
            i ->
                adapter
                    .timers()
                    .schedule(new Timer("t-" + i, "count", "lead-" + i, T0.plusMillis(i), "")))
        .blockLast();
    adapter.timers().schedule(new Timer("t-0", "count", "other", T0, "again")).block();
    adapter.timers().schedule(new Timer("later", "count", "x", T0.plusSeconds(3600), "")).block();

    Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();
    TimerHandler count =
        t ->
            Mono.fromRunnable(
                () -> fired.computeIfAbsent(t.id(), k -> new AtomicInteger()).incrementAndGet());
    Clock at = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
    FireTimers one = new FireTimers(adapter.timers(), new TimerKinds().on("count", count), at);
    FireTimers two =
        new FireTimers(
            new PostgresAdapter(database.connectionFactory()).timers(),
            new TimerKinds().on("count", count),
            at);

    int done =
        Flux.range(0, 40)
            .flatMap(
                i -> (i % 2 == 0 ? one : two).fireDue(25).subscribeOn(Schedulers.parallel()), 8)
            .reduce(0, Integer::sum)
            .block(Duration.ofSeconds(60));

    assertThat(done).isEqualTo(n);
    assertThat(fired).hasSize(n);
    assertThat(fired.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    assertThat(database.count("SELECT count(*) FROM timers")).isEqualTo(1);
  }

  @Test
  void aFailedTimerComesBackAfterItsLease() {
    adapter.timers().schedule(new Timer("t", "boom", "l", T0, "")).block();
    AtomicInteger calls = new AtomicInteger();
    TimerHandler failOnce =
        t ->
            calls.incrementAndGet() == 1
                ? Mono.error(new IllegalStateException("x"))
                : Mono.empty();
    FireTimers now =
        new FireTimers(
            adapter.timers(),
            new TimerKinds().on("boom", failOnce),
            Clock.fixed(T0, ZoneOffset.UTC));
    assertThat(now.fireDue(10).block()).isZero();
    assertThat(now.fireDue(10).block()).isZero(); // still leased
    FireTimers later =
        new FireTimers(
            adapter.timers(),
            new TimerKinds().on("boom", failOnce),
            Clock.fixed(T0.plus(FireTimers.LEASE).plusSeconds(1), ZoneOffset.UTC));
    assertThat(later.fireDue(10).block()).isEqualTo(1);
    assertThat(calls).hasValue(2);
    assertThat(database.count("SELECT count(*) FROM timers")).isZero();
  }
}
