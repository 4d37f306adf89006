package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.pooled;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.sla.domain.SlaClock;
import io.salesbot.core.stage.DealReports;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.Funnel;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.StageMove.Kind;
import io.salesbot.core.stage.domain.StalledDeal;
import io.salesbot.core.stage.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The figures of {@link DealReports} on a small hand-made team (docs/kpis.md), the same for the
 * in-memory reference and PostgreSQL: every definition pinned by a number worked out by hand.
 *
 * <pre>
 * east, 5 stages, claimed (opened) at T0 + days:
 * d1 +0  0→1 advance +2, 1→2 advance +6, open in stage 2 (last progress +6)
 * d2 +1  0→2 skip (overridden) +3, won +9
 * d3 +1  open in stage 0 (last progress +1)
 * d4 +2  lost +5 in stage 0
 * w1 (team west) +0, open in stage 0: never counted for east
 * </pre>
 */
public abstract class DealReportsContract {
  private static final StageModel MODEL = StageModel.defaults();
  private static final List<Duration> SIXTY = ReportQuery.stalledAfter(MODEL);

  /** One empty store: leads, deals, clocks and the reports over them. */
  public record Stores(Leads leads, Deals deals, SlaClocks clocks, DealReports reports) {}

  protected abstract Stores stores();

  private Stores s;

  private static Instant day(double d) {
    return T0.plus(Duration.ofMinutes(Math.round(d * 1440)));
  }

  private Deal open(String intake, String team, Address owner, double at) {
    String id = pooled(s.leads(), intake, team).id();
    return s.deals().open(Deal.open(id, team, owner, day(at), MODEL)).block();
  }

  private Deal move(Deal d, Kind kind, int to, boolean overridden, double at) {
    Deal next = d.movedTo(to, day(at), List.of(), null);
    s.deals()
        .save(
            next,
            new Transition(
                d.id(),
                kind,
                d.stage(),
                to,
                DealOutcome.OPEN,
                d.owner(),
                null,
                List.of(),
                overridden,
                day(at)))
        .block();
    return next;
  }

  private Deal close(Deal d, Kind kind, DealOutcome how, double at) {
    Deal next = d.closed(how, how == DealOutcome.LOST ? "价格不合适" : null, day(at));
    s.deals()
        .save(
            next,
            new Transition(
                d.id(), kind, d.stage(), d.stage(), how, d.owner(), null, List.of(), false,
                day(at)))
        .block();
    return next;
  }

  private void skip(String id, Deal d, double at, Double decided) {
    SkipRequest r =
        new SkipRequest(
            id,
            d.id(),
            d.stage(),
            d.stage() + 1,
            d.owner(),
            "客户急",
            day(at),
            SkipRequest.State.PENDING,
            null,
            null);
    s.deals().requestSkip(r).block();
    if (decided != null) {
      s.deals().decideSkip(r.decided(true, WANGWU, day(decided))).block();
    }
  }

  private Deal d1;
  private Deal d2;
  private Deal d3;
  private Deal d4;

  private synchronized void given() {
    if (s != null) {
      return;
    }
    s = stores();
    d1 = open("r1", "east", LISI, 0);
    d2 = open("r2", "east", LISI, 1);
    d3 = open("r3", "east", WANGWU, 1);
    d4 = open("r4", "east", WANGWU, 2);
    Deal w1 = open("r5", "west", LISI, 0);
    d1 = move(move(d1, Kind.ADVANCE, 1, false, 2), Kind.ADVANCE, 2, false, 6);
    d2 = close(move(d2, Kind.SKIP, 2, true, 3), Kind.WIN, DealOutcome.WON, 9);
    d4 = close(d4, Kind.LOSE, DealOutcome.LOST, 5);
    skip("s1", d2, 2, 2.125); // decided after 3 h: timely
    skip("s2", d1, 5, 7.0); // decided after 48 h: late
    skip("s3", d3, 8, null); // never decided, 24 h long gone: late
    skip("s4", w1, 3, null); // another team
    // first touches: 10 min and 30 min (median 20 min); one lead not contacted yet
    touch(d1.id(), 0, Duration.ofMinutes(10));
    touch(d2.id(), 1, Duration.ofMinutes(30));
    touch(d3.id(), 1, null);
    touch(w1.id(), 0, Duration.ofMinutes(90));
  }

  private void touch(String leadId, double at, Duration after) {
    s.clocks().start(SlaClock.start(leadId, LISI, day(at), Duration.ofHours(1))).block();
    if (after != null) {
      s.clocks().contacted(leadId, LISI, ContactChannel.PHONE, day(at).plus(after)).block();
    }
  }

  private static ReportQuery query(double from, double to, double now, List<Duration> stalled) {
    return new ReportQuery("east", day(from), day(to), day(now), stalled, Duration.ofHours(24));
  }

  @Test
  public void funnel_counts_stages_conversion_in_order_dwell_and_stalls() {
    given();
    Funnel f = s.reports().funnel(query(0, 10, 70, SIXTY), 5).block();

    assertThat(f.rows()).extracting(Funnel.Row::now).containsExactly(1L, 0L, 1L, 0L, 0L);
    // d3 69 days and d1 64 days without progress, both more than 60
    assertThat(f.rows()).extracting(Funnel.Row::stalled).containsExactly(1L, 0L, 1L, 0L, 0L);
    assertThat(f.rows()).extracting(Funnel.Row::reached).containsExactly(4L, 2L, 2L, 0L, 0L);
    // d2 skipped into stage 2: in order up to stage 1 only
    assertThat(f.rows()).extracting(Funnel.Row::reachedInOrder).containsExactly(4L, 2L, 1L, 0L, 0L);
    assertThat(f.conversionFromPrevious(1)).isEqualTo(0.5);
    assertThat(f.conversionFromPrevious(2)).isEqualTo(1.0);
    assertThat(f.conversionFromFirst(2)).isEqualTo(0.5);
    assertThat(f.inOrderFromFirst(2)).isEqualTo(0.25);
    assertThat(f.conversionFromPrevious(4)).isNull();
    // stays that ended: stage 0 2 d (d1), 2 d (d2), 3 d (d4); stage 1 4 d; stage 2 6 d (d2, won)
    assertThat(f.rows()).extracting(Funnel.Row::stays).containsExactly(3L, 1L, 1L, 0L, 0L);
    assertThat(f.rows().get(0).averageDwell()).isEqualTo(Duration.ofHours(56));
    assertThat(f.rows().get(0).medianDwell()).isEqualTo(Duration.ofDays(2));
    assertThat(f.rows().get(1).medianDwell()).isEqualTo(Duration.ofDays(4));
    assertThat(f.rows().get(2).averageDwell()).isEqualTo(Duration.ofDays(6));
    assertThat(f.rows().get(3).averageDwell()).isNull();
  }

  @Test
  public void funnel_cohort_is_the_deals_claimed_in_the_period() {
    given();
    Funnel f = s.reports().funnel(query(1.5, 10, 70, SIXTY), 5).block();

    assertThat(f.rows()).extracting(Funnel.Row::reached).containsExactly(1L, 0L, 0L, 0L, 0L);
    assertThat(f.rows().get(0).averageDwell()).isEqualTo(Duration.ofDays(3));
    // the snapshot does not depend on the period
    assertThat(f.rows()).extracting(Funnel.Row::now).containsExactly(1L, 0L, 1L, 0L, 0L);
  }

  @Test
  public void kpis_of_a_period() {
    given();
    KpiFigures k = s.reports().kpis(query(0, 10, 70, SIXTY)).block();

    assertThat(k.won()).isEqualTo(1);
    assertThat(k.averageCycle()).isEqualTo(Duration.ofDays(8));
    assertThat(k.lost()).isEqualTo(1);
    assertThat(k.winRate()).isEqualTo(0.5);
    // three forward moves, one of them an approved skip
    assertThat(k.forwardMoves()).isEqualTo(3);
    assertThat(k.forwardInOrder()).isEqualTo(2);
    // at day 10: d1 (4 days since progress) and d3 (9 days) open, neither over 60 days
    assertThat(k.open()).isEqualTo(2);
    assertThat(k.stalled()).isZero();
    // s1 timely, s2 late, s3 never decided and past its 24 h
    assertThat(k.interventions()).isEqualTo(3);
    assertThat(k.timelyInterventions()).isEqualTo(1);
    assertThat(k.firstTouches()).isEqualTo(2);
    assertThat(k.medianFirstResponse()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  public void stall_rate_at_a_past_end_counts_progress_known_then() {
    given();
    // at day 4, with 1 day as stalledAfter: all four open; d1 last moved day 2 (stalled), d2 day 3
    // (exactly 1 day: not more), d3 claimed day 1 (stalled), d4 claimed day 2 (stalled)
    List<Duration> oneDay = Collections.nCopies(5, Duration.ofDays(1));
    KpiFigures k = s.reports().kpis(query(0, 4, 70, oneDay)).block();

    assertThat(k.open()).isEqualTo(4);
    assertThat(k.stalled()).isEqualTo(3);
  }

  @Test
  public void kpis_of_several_periods_equal_each_period_asked_alone() {
    given();
    List<Duration> oneDay = Collections.nCopies(5, Duration.ofDays(1));
    ReportQuery q = query(0, 12, 70, oneDay);
    // four consecutive periods, the whole span, and one overlapping two of them
    List<ReportQuery> periods =
        List.of(
            q.during(day(0), day(3)),
            q.during(day(3), day(4)),
            q.during(day(4), day(10)),
            q.during(day(10), day(12)),
            q,
            q.during(day(2), day(9.5)));
    List<KpiFigures> together = togetherAsAlone(periods);

    // [3, 4): at day 4 all four open, three over one day without progress (as above)
    assertThat(together.get(1).open()).isEqualTo(4);
    assertThat(together.get(1).stalled()).isEqualTo(3);
    // [4, 10): d4 lost (+5), d1's advance (+6), d2 won (+9) after 8 days
    assertThat(together.get(2).lost()).isEqualTo(1);
    assertThat(together.get(2).won()).isEqualTo(1);
    assertThat(together.get(2).averageCycle()).isEqualTo(Duration.ofDays(8));
    assertThat(together.get(2).forwardMoves()).isEqualTo(1);
    // [10, 12): nothing moved, nothing won
    assertThat(together.get(3).forwardMoves()).isZero();
    assertThat(together.get(3).averageCycle()).isNull();
    assertThat(together.get(3).open()).isEqualTo(2);
    // [2, 9.5): d1's two advances and d2's skip — the rows counted in every period they fall in
    assertThat(together.get(5).forwardMoves()).isEqualTo(3);
  }

  /**
   * Periods sharing an end, a deal claimed, one lost and a move made exactly at an end, two moves
   * at the same instant (the later one decides the stage), progress exactly stalledAfter before an
   * end (not stalled: strictly more), all asked in one call and alone. Team north, claimed at T0 +
   * days, stalledAfter 1 day but 3 days in stage 2:
   *
   * <pre>
   * n1 +0  0→1 and 1→2 both at +2, 2→3 at +5, open (last progress +5)
   * n2 +1  lost at +4
   * n3 +4  open in stage 0
   * n4 +0  0→1 at +4, won at +5.5
   * n5 +3  open in stage 0
   * </pre>
   */
  @Test
  public void kpis_at_shared_ends_with_closes_and_moves_exactly_at_an_end() {
    given();
    Deal n1 = open("n1", "north", LISI, 0);
    Deal n2 = open("n2", "north", LISI, 1);
    open("n3", "north", WANGWU, 4);
    Deal n4 = open("n4", "north", WANGWU, 0);
    open("n5", "north", WANGWU, 3);
    n1 = move(move(n1, Kind.ADVANCE, 1, false, 2), Kind.ADVANCE, 2, false, 2);
    move(n1, Kind.ADVANCE, 3, false, 5);
    close(n2, Kind.LOSE, DealOutcome.LOST, 4);
    close(move(n4, Kind.ADVANCE, 1, false, 4), Kind.WIN, DealOutcome.WON, 5.5);
    List<Duration> stalledAfter =
        List.of(
            Duration.ofDays(1),
            Duration.ofDays(1),
            Duration.ofDays(3),
            Duration.ofDays(1),
            Duration.ofDays(1));
    ReportQuery q =
        new ReportQuery("north", day(0), day(6), day(70), stalledAfter, Duration.ofHours(24));
    List<ReportQuery> periods =
        List.of(
            q.during(day(0), day(4)),
            q.during(day(3), day(4)),
            q.during(day(4), day(6)),
            q,
            q.during(day(2), day(5.5)));
    List<KpiFigures> together = togetherAsAlone(periods);

    // at +4: n1 (in stage 2 since +2: 2 days, not over 3), n2 (lost at +4: open until then), n4
    // (its move at +4 is not before the end: stage 0 since +0, stalled) and n5 (exactly 1 day);
    // n3 claimed at +4 is not open yet
    assertThat(together).extracting(KpiFigures::open).containsExactly(4L, 4L, 3L, 3L, 4L);
    // at +6: n1 (exactly 1 day in stage 3), n3 and n5 stalled; at +5.5: n4 (won at +5.5, its
    // progress then is its close), n3 and n5 stalled
    assertThat(together).extracting(KpiFigures::stalled).containsExactly(1L, 1L, 2L, 2L, 2L);
    // moves at +4 count in [4, 6), not in [0, 4); the win at +5.5 not in [2, 5.5)
    assertThat(together).extracting(KpiFigures::forwardMoves).containsExactly(2L, 0L, 2L, 4L, 4L);
    assertThat(together).extracting(KpiFigures::lost).containsExactly(0L, 0L, 1L, 1L, 1L);
    assertThat(together).extracting(KpiFigures::won).containsExactly(0L, 0L, 1L, 1L, 0L);
    assertThat(together.get(2).averageCycle()).isEqualTo(Duration.ofHours(132));
    assertThat(together.get(4).averageCycle()).isNull();
  }

  /** The figures of the periods asked in one call, once checked equal to each asked alone. */
  private List<KpiFigures> togetherAsAlone(List<ReportQuery> periods) {
    List<KpiFigures> together = s.reports().kpis(periods).block();
    List<KpiFigures> alone = new java.util.ArrayList<>();
    for (ReportQuery p : periods) {
      alone.add(s.reports().kpis(p).block());
    }
    assertThat(together).isEqualTo(alone);
    return together;
  }

  @Test
  public void kpis_of_periods_of_different_teams_are_refused() {
    given();
    ReportQuery east = query(0, 10, 70, SIXTY);
    ReportQuery west =
        new ReportQuery("west", day(0), day(10), day(70), SIXTY, Duration.ofHours(24));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> s.reports().kpis(List.of(east, west)).block())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void a_pending_request_still_within_its_time_is_not_counted_yet() {
    given();
    KpiFigures k = s.reports().kpis(query(0, 10, 8.5, SIXTY)).block();

    assertThat(k.interventions()).isEqualTo(2);
    assertThat(k.timelyInterventions()).isEqualTo(1);
  }

  @Test
  public void stalled_deals_longest_first_of_the_team_only() {
    given();
    List<StalledDeal> stalled =
        s.reports().stalled(query(0, 10, 70, SIXTY), 10).collectList().block();

    assertThat(stalled).extracting(StalledDeal::dealId).containsExactly(d3.id(), d1.id());
    assertThat(stalled.get(1).stage()).isEqualTo(2);
    assertThat(stalled.get(1).lastProgressAt()).isEqualTo(day(6));
    assertThat(s.reports().stalled(query(0, 10, 70, SIXTY), 1).collectList().block()).hasSize(1);
  }

  @Test
  public void skips_of_the_period_newest_first() {
    given();
    List<SkipRequest> skips = s.reports().skips(query(0, 10, 70, SIXTY), 10).collectList().block();

    assertThat(skips).extracting(SkipRequest::id).containsExactly("s3", "s2", "s1");
    assertThat(skips.get(2).state()).isEqualTo(SkipRequest.State.APPROVED);
    assertThat(s.reports().skips(query(4, 10, 70, SIXTY), 10).collectList().block())
        .extracting(SkipRequest::id)
        .containsExactly("s3", "s2");
  }
}
