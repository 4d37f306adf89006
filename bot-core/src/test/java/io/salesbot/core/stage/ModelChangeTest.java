package io.salesbot.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.stage.domain.EvidenceRule;
import io.salesbot.core.stage.domain.StageDef;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a stored deal does when the configured stages change under it: checkpoints that no longer
 * exist stay on the deal as history and count for nothing; a stage beyond the new model is the last
 * stage. And which stall timers the default model arms.
 */
class ModelChangeTest {
  private static final Address REP = Address.parse("sandbox:lisi");
  private static final Instant T0 = Instant.parse("2026-11-26T02:00:00Z");

  /** Two stages, two checkpoints: what an admin might shrink the twelve to. */
  private static StageModel small() {
    Duration idle = Duration.ofDays(7);
    Duration stalled = Duration.ofDays(30);
    return new StageModel(
        List.of(
            new StageDef(
                "talk",
                "洽谈",
                List.of(
                    new CheckpointDef(
                        "first-touch", 1, "首次触达", EvidenceRule.NONE, false, true, null)),
                idle,
                stalled,
                null),
            new StageDef(
                "sign",
                "签约",
                List.of(
                    new CheckpointDef(
                        "contract", 2, "合同签署", EvidenceRule.parse("file"), false, true, null)),
                idle,
                stalled,
                null)));
  }

  /** A deal stored under the default model: in 异议处理 (index 3), ③ done, ④ owed. */
  private static Deal storedUnderDefaults() {
    Deal d = Deal.open("L1", "east", REP, T0, StageModel.defaults());
    Map<String, CheckpointState> cps = new java.util.LinkedHashMap<>(d.checkpoints());
    cps.put(
        "needs-notes",
        new CheckpointState(
            CheckpointState.State.DONE, Set.of(EvidenceKind.NOTE), List.of("e1"), T0, REP, null));
    cps.put(
        "decision-maker",
        new CheckpointState(
            CheckpointState.State.OWED, Set.of(), List.of(), null, null, T0.plusSeconds(60)));
    return new Deal(d.id(), d.teamId(), REP, 3, T0, T0, DealOutcome.OPEN, null, cps, null, T0, 5);
  }

  @Test
  void checkpoints_gone_from_the_model_stay_as_history_and_count_for_nothing() {
    Deal deal = storedUnderDefaults();
    StageModel model = small();

    assertThat(deal.owed(model)).isEmpty(); // ④ owed under the old model: not a debt under this
    assertThat(deal.missing(model)).extracting(CheckpointDef::id).containsExactly("contract");

    CheckpointDef contract = model.checkpoint("contract").orElseThrow();
    Deal proven = deal.withEvidence(contract, Set.of(EvidenceKind.FILE), "e9", REP, T0);
    assertThat(proven.state("contract").done()).isTrue();
    assertThat(proven.state("needs-notes").evidence()).containsExactly("e1"); // kept
    assertThat(proven.checkpoints()).containsKeys("needs-notes", "decision-maker");
  }

  @Test
  void a_deal_beyond_the_last_stage_is_in_the_last_stage_and_can_still_be_won() {
    Deal deal = storedUnderDefaults(); // index 3; the small model has two stages
    StageModel model = small();
    assertThat(model.stage(deal.stage()).id()).isEqualTo("sign");

    assertThat(StageMove.decide(deal, StageMove.Kind.ADVANCE, 4, false, false, model))
        .isEqualTo(new StageMove.Refused("reply.deal.lastStage"));
    assertThat(StageMove.decide(deal, StageMove.Kind.WIN, 3, false, false, model))
        .isInstanceOf(StageMove.Blocked.class);
    Deal signed =
        deal.withEvidence(
            model.checkpoint("contract").orElseThrow(), Set.of(EvidenceKind.FILE), "e9", REP, T0);
    assertThat(StageMove.decide(signed, StageMove.Kind.WIN, 3, false, false, model))
        .isInstanceOf(StageMove.Allowed.class);
  }

  @Test
  void the_default_model_arms_idle_stall_and_a_dwell_warning_only_in_the_proposal_stage() {
    Deal contact = Deal.open("L2", "east", REP, T0, StageModel.defaults());
    assertThat(StallClock.timersFor(contact, StageModel.defaults(), ZoneId.of("Asia/Shanghai")))
        .extracting(Timer::kind, Timer::dueAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(StallClock.IDLE, T0.plus(Duration.ofDays(14))),
            org.assertj.core.groups.Tuple.tuple(StallClock.STALLED, T0.plus(Duration.ofDays(60))));

    Deal proposal = contact.movedTo(2, T0.plusSeconds(5), List.of(), null);
    assertThat(StallClock.timersFor(proposal, StageModel.defaults(), ZoneId.of("Asia/Shanghai")))
        .filteredOn(t -> t.kind().equals(StallClock.DWELL))
        .singleElement()
        .satisfies(
            t -> assertThat(t.dueAt()).isEqualTo(T0.plusSeconds(5).plus(Duration.ofDays(45))));
  }

  @Test
  void a_timer_key_is_the_same_for_a_clock_instant_and_the_same_instant_read_back_from_postgres() {
    // 0.9999996 s after T0: PostgreSQL stores it rounded to microseconds, T0 + 1 s
    Instant fromClock = T0.plusNanos(999_999_600);
    Instant readBack = T0.plusSeconds(1);
    assertThat(StallClock.key(fromClock)).isEqualTo(StallClock.key(readBack));
    assertThat(StallClock.key(T0.plusNanos(1_234_000))).isEqualTo(T0.toEpochMilli() + 1);
  }
}
