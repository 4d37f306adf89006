package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.Fixtures.T0;
import static io.salesbot.adapter.postgres.Fixtures.audit;
import static io.salesbot.adapter.postgres.Fixtures.submission;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.ClaimLimits;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.sla.FollowUps;
import io.salesbot.core.sla.domain.Activity;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class PostgresRecyclingAndFollowUpTest extends DatabaseTest {
  private static final Address LISI = Address.parse("sandbox:lisi");
  private static final Address WANGWU = Address.parse("sandbox:wangwu");
  private static final Duration COOLDOWN = Duration.ofHours(24);

  private final Leads leads = adapter.leads();

  private Lead claimedBy(String intakeId, Address rep) {
    Lead lead =
        leads
            .ingest(
                submission(intakeId, null, null), LeadIds.leadId(intakeId), T0, Duration.ofDays(1))
            .block()
            .lead();
    leads.route(lead.id(), "east", audit(lead.id(), "system", "routed", "r", T0)).block();
    leads.claim(lead.id(), rep, T0, audit(lead.id(), rep.toString(), "claimed", "c", T0)).block();
    return lead;
  }

  private static ClaimLimits limits(Instant at) {
    return new ClaimLimits(0, 0, Instant.EPOCH, at.minus(COOLDOWN));
  }

  @Test
  void aRecycledLeadCoolsDownForItsPreviousOwnerOnly() {
    Lead lead = claimedBy("i1", LISI);
    Instant recycledAt = T0.plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MILLIS);
    assertThat(
            leads
                .transfer(
                    lead.id(),
                    LISI,
                    null,
                    recycledAt,
                    audit(lead.id(), "system", "recycled", "t", recycledAt))
                .block())
        .isNotNull();

    Instant soon = recycledAt.plus(Duration.ofHours(1));
    ClaimResult again =
        leads
            .claimWithin(
                lead.id(), LISI, soon, limits(soon), audit(lead.id(), "x", "claimed", "c2", soon))
            .block();
    assertThat(again).isEqualTo(new ClaimResult.CoolingDown(recycledAt, recycledAt.plus(COOLDOWN)));
    // Caps on: the locked path checks the cooldown the same way.
    ClaimResult capped =
        leads
            .claimWithin(
                lead.id(),
                LISI,
                soon,
                new ClaimLimits(5, 5, Instant.EPOCH, soon.minus(COOLDOWN)),
                audit(lead.id(), "x", "claimed", "c3", soon))
            .block();
    assertThat(capped).isInstanceOf(ClaimResult.CoolingDown.class);
    assertThat(leads.findById(lead.id()).block().owner()).isNull();

    Instant later = recycledAt.plus(COOLDOWN).plusSeconds(1);
    assertThat(
            leads
                .claimWithin(
                    lead.id(),
                    LISI,
                    later,
                    limits(later),
                    audit(lead.id(), "x", "claimed", "c4", later))
                .block())
        .isInstanceOf(ClaimResult.Claimed.class);
  }

  @Test
  void concurrentClaimsAfterARecycleNeverGoToThePreviousOwner() {
    for (int round = 0; round < 20; round++) {
      Lead lead = claimedBy("r" + round, LISI);
      Instant at = T0.plusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
      List<ClaimResult> results =
          Flux.merge(
                  leads
                      .transfer(
                          lead.id(), LISI, null, at, audit(lead.id(), "s", "recycled", "t", at))
                      .then(reactor.core.publisher.Mono.<ClaimResult>empty())
                      .subscribeOn(Schedulers.parallel()),
                  Flux.range(0, 4)
                      .flatMap(
                          i ->
                              leads
                                  .claimWithin(
                                      lead.id(),
                                      i % 2 == 0 ? LISI : WANGWU,
                                      at,
                                      limits(at),
                                      audit(lead.id(), "x", "claimed", "c" + i, at))
                                  .subscribeOn(Schedulers.parallel())))
              .collectList()
              .block(Duration.ofSeconds(30));
      assertThat(results).isNotNull();
      Address owner = leads.findById(lead.id()).block().owner();
      // LISI either kept it (claims before the recycle) or lost it; never re-claimed it after.
      if (owner != null && owner.equals(LISI)) {
        assertThat(leads.history(lead.id()).map(e -> e.action()).collectList().block())
            .doesNotContain("recycled");
      }
    }
  }

  @Test
  void activityKeepsTheLatestTimeAndANewOwnerReplacesIt() {
    FollowUps followUps = adapter.followUps();
    Lead lead = claimedBy("i1", LISI);
    Instant t1 = T0.truncatedTo(ChronoUnit.MILLIS);
    Instant t2 = t1.plus(Duration.ofDays(2));
    assertThat(followUps.touch(lead.id(), LISI, t2).block())
        .isEqualTo(new Activity(lead.id(), LISI, t2));
    // A redelivered older activity never moves it backwards.
    assertThat(followUps.touch(lead.id(), LISI, t1).block().lastAt()).isEqualTo(t2);
    assertThat(followUps.touch(lead.id(), WANGWU, t1).block())
        .isEqualTo(new Activity(lead.id(), WANGWU, t1));
    assertThat(followUps.find(lead.id()).block().owner()).isEqualTo(WANGWU);
  }
}
