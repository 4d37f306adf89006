package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.ZHAOLIU;
import static io.salesbot.core.testing.contract.ContractFixtures.pooled;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.stage.domain.NextStep;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.stage.domain.Transition;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link Deals} and {@link EvidenceStore} the stage use cases rely on. */
public abstract class DealsContract {
  private static final StageModel MODEL = StageModel.defaults();

  /** An empty store of leads; called once per test, before {@link #deals()}. */
  protected abstract Leads leads();

  /** The deals of the same (empty) store as {@link #leads()}. */
  protected abstract Deals deals();

  protected abstract EvidenceStore evidence();

  private Deals deals;
  private Leads leadStore;
  private Lead lead;

  private synchronized Deals store() {
    if (deals == null) {
      leadStore = leads();
      lead = pooled(leadStore, "i1", "east");
      deals = deals();
    }
    return deals;
  }

  /** A stored deal of another pooled lead of team east, opened at {@code at}. */
  private Deal another(String intakeId, java.time.Instant at) {
    store();
    Lead other = pooled(leadStore, intakeId, "east");
    return store().open(Deal.open(other.id(), "east", LISI, at, MODEL)).block();
  }

  private Deal fresh() {
    store();
    return Deal.open(lead.id(), "east", LISI, T0, MODEL);
  }

  @Test
  public void open_stores_a_deal_once_and_nothing_happens_until_subscribed() {
    Deal first = fresh();
    var pending = store().open(first);
    assertThat(store().find(lead.id()).block()).isNull();
    assertThat(pending.block()).isEqualTo(first);
    assertThat(store().open(Deal.open(lead.id(), "east", WANGWU, T0.plusSeconds(5), MODEL)).block())
        .isEqualTo(first);
  }

  @Test
  public void a_save_wins_only_on_the_version_it_read_and_keeps_every_field() {
    Deal d = store().open(fresh()).block();
    Deal proven =
        d.withEvidence(
                MODEL.checkpoint("appointment").orElseThrow(),
                Set.of(EvidenceKind.DATE, EvidenceKind.NOTE),
                "ev-1",
                LISI,
                T0.plusSeconds(60))
            .withNextStep(new NextStep("上门演示", LocalDate.of(2025, 3, 5)));
    // Two versions ahead of the stored one: refused.
    assertThat(store().save(proven).block()).isNull();
    Deal once = d.withNextStep(new NextStep("电话", LocalDate.of(2025, 3, 2)));
    assertThat(store().save(once).block()).isEqualTo(once);
    // The same change again (a second instance that read the same version): refused.
    assertThat(store().save(once).block()).isNull();

    Deal next =
        once.withEvidence(
            MODEL.checkpoint("appointment").orElseThrow(),
            Set.of(EvidenceKind.DATE, EvidenceKind.NOTE),
            "ev-1",
            LISI,
            T0.plusSeconds(60));
    assertThat(store().save(next).block()).isEqualTo(next);
    assertThat(store().find(lead.id()).block()).isEqualTo(next);
    assertThat(next.state("appointment").done()).isTrue();
  }

  @Test
  public void a_move_is_saved_with_its_transition_and_owed_checkpoints_keep_their_due_date() {
    Deal d = store().open(fresh()).block();
    var owed = StageMove.skipped(d, 2, MODEL);
    Deal moved = d.movedTo(2, T0.plusSeconds(10), owed, T0.plus(Duration.ofDays(14)));
    Transition t =
        new Transition(
            d.id(),
            StageMove.Kind.SKIP,
            0,
            2,
            DealOutcome.OPEN,
            ZHAOLIU,
            "客户催",
            List.of("ev-1"),
            true,
            T0.plusSeconds(10));
    assertThat(store().save(moved, t).block()).isEqualTo(moved);
    assertThat(store().transitions(d.id()).collectList().block()).containsExactly(t);
    assertThat(store().find(d.id()).block().state("budget").dueAt())
        .isEqualTo(T0.plus(Duration.ofDays(14)));
    // A stale move writes neither the deal nor its transition.
    assertThat(store().save(moved, t).block()).isNull();
    assertThat(store().transitions(d.id()).collectList().block()).hasSize(1);
  }

  @Test
  public void owners_see_open_deals_first_and_teams_only_open_ones() {
    Deal d = store().open(fresh()).block();
    assertThat(store().ownedBy(LISI, 10).collectList().block()).containsExactly(d);
    assertThat(store().openOfTeam("east").collectList().block()).containsExactly(d);
    Deal lost = d.closed(DealOutcome.LOST, "价格", T0.plusSeconds(5));
    store().save(lost).block();
    assertThat(store().openOfTeam("east").collectList().block()).isEmpty();
    assertThat(store().ownedBy(LISI, 10).collectList().block()).containsExactly(lost);
    assertThat(store().ownedBy(WANGWU, 10).collectList().block()).isEmpty();
  }

  @Test
  public void a_persons_open_deals_come_furthest_stage_first_with_how_many_there_are() {
    Deal first = another("o1", T0);
    Deal second = another("o2", T0.plusSeconds(1));
    Deal third = another("o3", T0.plusSeconds(2));
    Deal closed = another("o4", T0.plusSeconds(3));
    store().save(closed.closed(DealOutcome.LOST, "价格", T0.plusSeconds(4))).block();
    // second reached stage 2, third stage 1 before first did: furthest first, then the one that
    // has waited longest in its stage.
    Deal secondAt2 = second.movedTo(2, T0.plusSeconds(10), List.of(), null);
    store().save(secondAt2).block();
    Deal thirdAt1 = third.movedTo(1, T0.plusSeconds(11), List.of(), null);
    store().save(thirdAt1).block();
    Deal firstAt1 = first.movedTo(1, T0.plusSeconds(12), List.of(), null);
    store().save(firstAt1).block();

    var all = store().openOwnedBy(LISI, 10).block();
    assertThat(all.deals()).containsExactly(secondAt2, thirdAt1, firstAt1);
    assertThat(all.total()).isEqualTo(3);
    assertThat(all.cut()).isFalse();
    var two = store().openOwnedBy(LISI, 2).block();
    assertThat(two.deals()).containsExactly(secondAt2, thirdAt1);
    assertThat(two.total()).isEqualTo(3);
    assertThat(two.cut()).isTrue();
    var none = store().openOwnedBy(WANGWU, 10).block();
    assertThat(none.deals()).isEmpty();
    assertThat(none.total()).isZero();
  }

  @Test
  public void the_digest_reads_only_deals_that_stalled_were_skipped_or_owe_in_its_day() {
    // stage 0 stalls after 10 days, every later stage after 20 (the list's last)
    List<Duration> stalledAfter = List.of(Duration.ofDays(10), Duration.ofDays(20));
    var since = T0.plus(Duration.ofDays(10)).minus(Duration.ofHours(12));
    var now = since.plus(Duration.ofDays(1));
    Deal stalls = store().open(fresh()).block(); // stalls at T0 + 10 d: inside the day
    Deal stalledBefore = another("i2", T0.minus(Duration.ofDays(5))); // stalled at T0 + 5 d
    Deal moved = another("i3", since.plus(Duration.ofHours(1))); // progressed, not skipped
    Deal skipped = another("i7", T0.minus(Duration.ofDays(40)));
    Deal skippedNext = skipped.movedTo(1, since.plus(Duration.ofHours(2)), List.of(), null);
    store()
        .save(
            skippedNext,
            new Transition(
                skipped.id(),
                StageMove.Kind.SKIP,
                0,
                1,
                DealOutcome.OPEN,
                ZHAOLIU,
                "客户催",
                List.of(),
                true,
                since.plus(Duration.ofHours(2))))
        .block(); // skipped in the day
    Deal owes = another("i4", T0.minus(Duration.ofDays(5)));
    owes =
        store()
            .save(
                owes.movedTo(
                    2,
                    T0.minus(Duration.ofDays(5)),
                    StageMove.skipped(owes, 2, MODEL),
                    T0.minus(Duration.ofDays(1))))
            .block(); // stalls at T0 + 15 d, but owes evidence
    Deal later = another("i5", T0.minus(Duration.ofDays(10)));
    later =
        store()
            .save(later.movedTo(2, T0.minus(Duration.ofDays(10)), List.of(), null))
            .block(); // stage 2 takes the last threshold, 20 d: stalls at T0 + 10 d
    Deal closed = another("i6", T0);
    store().save(closed.closed(DealOutcome.LOST, "价格", T0.plusSeconds(1))).block();

    assertThat(
            store()
                .digestCandidates("east", since, now, stalledAfter)
                .map(Deal::id)
                .collectList()
                .block())
        .containsExactlyInAnyOrder(stalls.id(), skipped.id(), owes.id(), later.id())
        .doesNotContain(stalledBefore.id(), closed.id(), moved.id());
    assertThat(store().digestCandidates("west", since, now, stalledAfter).collectList().block())
        .isEmpty();
    assertThat(store().hasOpen("east").block()).isTrue();
    assertThat(store().hasOpen("west").block()).isFalse();
  }

  @Test
  public void a_skip_request_is_decided_once() {
    Deal d = store().open(fresh()).block();
    SkipRequest r =
        new SkipRequest(
            "sk-1", d.id(), 0, 1, LISI, "客户直接要报价", T0, SkipRequest.State.PENDING, null, null);
    assertThat(store().requestSkip(r).block()).isEqualTo(r);
    assertThat(store().findSkip("sk-1").block()).isEqualTo(r);
    SkipRequest approved = r.decided(true, ZHAOLIU, T0.plusSeconds(30));
    assertThat(store().decideSkip(approved).block()).isEqualTo(approved);
    assertThat(store().decideSkip(r.decided(false, ZHAOLIU, T0.plusSeconds(40))).block()).isNull();
    assertThat(store().findSkip("sk-1").block()).isEqualTo(approved);
  }

  @Test
  public void evidence_is_stored_once_by_id() {
    store();
    Evidence e =
        new Evidence(
            "ev-1", LISI, Set.of(EvidenceKind.NOTE, EvidenceKind.AMOUNT), "预算 50万", null, null, T0);
    EvidenceStore store = evidence();
    assertThat(store.save(e).block()).isEqualTo(e);
    assertThat(
            store
                .save(new Evidence("ev-1", WANGWU, Set.of(EvidenceKind.NOTE), "x", null, null, T0))
                .block())
        .isEqualTo(e);
    assertThat(store.find("ev-1").block()).isEqualTo(e);
    assertThat(store.find("ev-2").block()).isNull();
  }

  @Test
  public void a_photo_keeps_its_metadata_and_records_the_checkpoint_it_proves() {
    store();
    Evidence photo =
        new Evidence(
            "ev-p",
            LISI,
            Set.of(EvidenceKind.PHOTO),
            null,
            "a".repeat(64),
            "演示现场.jpg",
            T0,
            123_456L,
            "image/jpeg",
            new io.salesbot.core.kernel.domain.InboundEvent.Location(31.2304, 121.4737, "上海"),
            "2026-12-02 17:16 · 上海 · 李四",
            null,
            null);
    EvidenceStore store = evidence();
    assertThat(store.save(photo).block()).isEqualTo(photo);
    assertThat(store.attach("ev-p", "lead-1", "demo").block())
        .isEqualTo(photo.attachedTo("lead-1", "demo"));
    assertThat(store.find("ev-p").block()).isEqualTo(photo.attachedTo("lead-1", "demo"));
    assertThat(store.attach("ev-none", "lead-1", "demo").block()).isNull();
  }

  private static Evidence located(
      String id, io.salesbot.core.kernel.domain.Address who, Duration after, String place) {
    return new Evidence(
        id,
        who,
        Set.of(EvidenceKind.NOTE),
        "位置：" + place,
        null,
        null,
        T0.plus(after),
        null,
        null,
        new io.salesbot.core.kernel.domain.InboundEvent.Location(31.2, 121.4, place),
        null,
        null,
        null);
  }

  @Test
  public void the_last_location_is_the_persons_latest_within_the_window() {
    store();
    EvidenceStore store = evidence();
    Evidence early = store.save(located("ev-l1", LISI, Duration.ofMinutes(0), "黄浦")).block();
    Evidence late = store.save(located("ev-l2", LISI, Duration.ofMinutes(10), "浦东")).block();
    store.save(located("ev-l3", WANGWU, Duration.ofMinutes(20), "西湖")).block();
    store.save(located("ev-l4", LISI, Duration.ofMinutes(60), "以后")).block();
    // A note without a location does not count, however recent.
    store
        .save(
            new Evidence(
                "ev-n", LISI, Set.of(EvidenceKind.NOTE), "x", null, null, T0.plusSeconds(1500)))
        .block();

    java.time.Instant photo = T0.plus(Duration.ofMinutes(30));
    assertThat(store.lastLocation(LISI, photo.minus(Duration.ofMinutes(30)), photo).block())
        .isEqualTo(late);
    assertThat(store.lastLocation(LISI, T0, T0.plus(Duration.ofMinutes(5))).block())
        .isEqualTo(early);
    assertThat(store.lastLocation(LISI, photo.minus(Duration.ofMinutes(15)), photo).block())
        .isNull();
    assertThat(store.lastLocation(ZHAOLIU, T0, photo).block()).isNull();
  }
}
