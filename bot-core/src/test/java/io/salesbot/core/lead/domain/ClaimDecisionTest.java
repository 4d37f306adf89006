package io.salesbot.core.lead.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimDecisionTest {
  private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
  private static final Address LISI = Address.parse("sandbox:lisi");
  private static final Address WANGWU = Address.parse("sandbox:wangwu");
  private static final Duration COOLDOWN = Duration.ofHours(24);

  private static final Lead POOLED =
      Lead.create(
              "lead-1",
              new LeadSubmission(
                  "i1",
                  "web",
                  "张三",
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  Map.of(),
                  Priority.NORMAL),
              T0)
          .routedTo("east");

  /** One open lead at most, one hour after the rep lost this lead (a 24 h cooldown). */
  private static final Instant AT = T0.plus(Duration.ofHours(2));

  private static final ClaimLimits CAP_ONE =
      new ClaimLimits(1, 0, T0.minus(Duration.ofHours(8)), AT.minus(COOLDOWN));
  private static final Instant LOST = AT.minus(Duration.ofHours(1));
  private static final RepLoad FULL = new RepLoad(1, 1);

  @Test
  void takes_an_unowned_lead_within_caps_and_outside_the_cooldown() {
    ClaimDecision d =
        ClaimDecision.decide(POOLED, LISI, AT, CAP_ONE, AT.minus(COOLDOWN), RepLoad.NONE);
    assertThat(d).isEqualTo(new ClaimDecision.Take(POOLED.claimedBy(LISI, AT)));
  }

  @Test
  void a_capped_rep_in_cooldown_is_told_about_the_cooldown() {
    assertThat(ClaimDecision.decide(POOLED, LISI, AT, CAP_ONE, LOST, FULL))
        .isEqualTo(
            new ClaimDecision.Answer(new ClaimResult.CoolingDown(LOST, LOST.plus(COOLDOWN))));
  }

  @Test
  void a_capped_rep_outside_the_cooldown_is_told_about_the_cap() {
    assertThat(ClaimDecision.decide(POOLED, LISI, AT, CAP_ONE, null, FULL))
        .isEqualTo(
            new ClaimDecision.Answer(
                new ClaimResult.CapReached("cap reached: 1 open leads (max 1)")));
  }

  @Test
  void an_owned_lead_answers_before_cooldown_and_caps() {
    Lead owned = POOLED.claimedBy(WANGWU, T0);
    assertThat(ClaimDecision.decide(owned, LISI, AT, CAP_ONE, LOST, FULL))
        .isEqualTo(new ClaimDecision.Answer(new ClaimResult.AlreadyClaimed(owned)));
    assertThat(ClaimDecision.decide(owned, WANGWU, AT, CAP_ONE, LOST, FULL))
        .isEqualTo(new ClaimDecision.Answer(new ClaimResult.Claimed(owned)));
  }

  @Test
  void without_limits_nothing_but_an_owner_refuses() {
    assertThat(ClaimDecision.decide(POOLED, LISI, AT, ClaimLimits.NONE, LOST, FULL))
        .isInstanceOf(ClaimDecision.Take.class);
  }
}
