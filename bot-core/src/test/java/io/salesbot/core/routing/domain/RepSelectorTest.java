package io.salesbot.core.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RepSelectorTest {
  private static final Instant NOW = Instant.parse("2026-11-26T02:00:00Z"); // Thu 10:00 Shanghai
  private static final Member A = new Member(Address.parse("sandbox:a"), "甲", Set.of("制造"), 3);
  private static final Member B = new Member(Address.parse("sandbox:b"), "乙", Set.of(), 1);
  private static final Member C = new Member(Address.parse("sandbox:c"), "丙", Set.of("CRM"), 1);
  private static final Team TEAM =
      new Team("t", "组", List.of(), Address.parse("sandbox:boss"), "老板", List.of(A, B, C));
  private static final LeadSubmission LEAD = RoutingRulesTest.lead("华东", "制造", "CRM", Map.of());

  private static TeamPolicy policy(Strategy s) {
    return TeamPolicy.DEFAULT.withStrategy(s);
  }

  private static List<RepState> states(boolean... onDuty) {
    return List.of(
        new RepState(A, onDuty.length > 0 ? onDuty[0] : true, 2, 0),
        new RepState(B, onDuty.length > 1 ? onDuty[1] : true, 0, 0),
        new RepState(C, onDuty.length > 2 ? onDuty[2] : true, 0, 0));
  }

  private static Selection select(Strategy s, List<RepState> states, long turn) {
    return RepSelector.select(TEAM, policy(s), states, Set.of(), turn, LEAD, NOW, 7);
  }

  @Test
  void grab_broadcasts_to_available_reps_and_names_the_skipped() {
    Selection s = select(Strategy.GRAB, states(true, false, true), 0);
    assertThat(s).isInstanceOf(Selection.Broadcast.class);
    assertThat(((Selection.Broadcast) s).reps()).containsExactly(A.id(), C.id());
    assertThat(s.reason()).contains("skipped 乙: off duty");
  }

  @Test
  void weighted_round_robin_is_spread_and_skips_unavailable_reps_with_a_reason() {
    assertThat(WeightedRoundRobin.cycle(List.of(A, B, C)).stream().map(Member::name))
        .containsExactly("甲", "甲", "乙", "甲", "丙");
    Selection s = select(Strategy.ROUND_ROBIN, states(true, false, true), 2);
    assertThat(((Selection.Offer) s).rep()).isEqualTo(A.id());
    assertThat(s.reason()).isEqualTo("round-robin turn 2 → 甲; skipped 乙: off duty");
  }

  /** Property: after any number of turns from the start of a cycle, each share is within ±1. */
  @Test
  void weighted_round_robin_stays_within_one_of_the_weights() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<Member> members = new ArrayList<>();
      int n = 1 + random.nextInt(6);
      for (int i = 0; i < n; i++) {
        members.add(
            new Member(Address.parse("sandbox:r" + i), "r" + i, Set.of(), 1 + random.nextInt(5)));
      }
      Team team = new Team("t", "t", List.of(), Address.parse("sandbox:m"), "m", members);
      List<RepState> all = members.stream().map(m -> new RepState(m, true, 0, 0)).toList();
      int total = members.stream().mapToInt(Member::weight).sum();
      long start = (long) random.nextInt(10) * total; // the shared counter starts at 0
      int turns = 1 + random.nextInt(200);
      Map<Address, Integer> got = new HashMap<>();
      for (long t = start; t < start + turns; t++) {
        Selection s =
            RepSelector.select(team, policy(Strategy.ROUND_ROBIN), all, Set.of(), t, LEAD, NOW, 0);
        got.merge(((Selection.Offer) s).rep(), 1, Integer::sum);
      }
      for (Member m : members) {
        double expected = (double) turns * m.weight() / total;
        assertThat((double) got.getOrDefault(m.id(), 0))
            .isBetween(expected - 1.0001, expected + 1.0001);
      }
    }
  }

  /** Property: an unavailable rep never gets a lead, whatever the strategy and turn. */
  @Test
  void unavailable_reps_never_receive_leads() {
    Random random = new Random(3);
    for (int round = 0; round < 2000; round++) {
      boolean[] duty = {random.nextBoolean(), random.nextBoolean(), random.nextBoolean()};
      int[] open = {random.nextInt(4), random.nextInt(4), random.nextInt(4)};
      List<Member> ms = List.of(A, B, C);
      List<RepState> st = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        st.add(new RepState(ms.get(i), duty[i], open[i], open[i]));
      }
      Set<Address> tried = random.nextBoolean() ? Set.of(B.id()) : Set.of();
      TeamPolicy p =
          new TeamPolicy(
              Strategy.values()[random.nextInt(4)],
              Duration.ofMinutes(5),
              3,
              0,
              WorkingHours.ALWAYS,
              Duration.ofMinutes(15),
              Duration.ofMinutes(5));
      Selection s =
          RepSelector.select(TEAM, p, st, tried, random.nextInt(100), LEAD, NOW, random.nextLong());
      List<Address> chosen =
          s instanceof Selection.Offer o
              ? List.of(o.rep())
              : s instanceof Selection.Broadcast b ? b.reps() : List.of();
      for (Address a : chosen) {
        int i = ms.indexOf(ms.stream().filter(m -> m.id().equals(a)).findFirst().orElseThrow());
        assertThat(duty[i]).isTrue();
        assertThat(open[i]).isLessThan(3);
        assertThat(tried).doesNotContain(a);
      }
      boolean anyone = false;
      for (int i = 0; i < 3; i++) {
        anyone |= duty[i] && open[i] < 3 && !tried.contains(ms.get(i).id());
      }
      assertThat(s instanceof Selection.Nobody).isEqualTo(!anyone);
    }
  }

  @Test
  void least_loaded_and_skill_pick_and_explain() {
    Selection ll = select(Strategy.LEAST_LOADED, states(), 0);
    assertThat(((Selection.Offer) ll).rep()).isIn(B.id(), C.id());
    assertThat(ll.reason()).contains("least-loaded", "0 open leads", "drawn among 2");
    Selection skill = select(Strategy.SKILL, states(), 0);
    assertThat(((Selection.Offer) skill).rep()).isEqualTo(C.id()); // 丙 has CRM and 0 leads
    assertThat(skill.reason()).contains("skill");
  }

  @Test
  void nobody_outside_working_hours_or_on_a_holiday() {
    WorkingHours office =
        new WorkingHours(
            WorkingHours.DEFAULT_ZONE,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0),
            LocalTime.of(18, 0),
            Set.of(LocalDate.of(2026, 10, 1)));
    assertThat(office.isOpen(NOW)).isTrue();
    assertThat(office.isOpen(Instant.parse("2026-11-26T12:00:00Z"))).isFalse(); // 20:00
    assertThat(office.isOpen(Instant.parse("2026-10-01T02:00:00Z"))).isFalse(); // holiday
    assertThat(office.isOpen(Instant.parse("2026-11-28T02:00:00Z"))).isFalse(); // Saturday
    TeamPolicy p =
        new TeamPolicy(
            Strategy.ROUND_ROBIN,
            Duration.ofMinutes(5),
            0,
            0,
            office,
            Duration.ofMinutes(15),
            Duration.ofMinutes(5));
    Selection s =
        RepSelector.select(
            TEAM, p, states(), Set.of(), 0, LEAD, Instant.parse("2026-11-26T12:00:00Z"), 0);
    assertThat(s).isInstanceOf(Selection.Nobody.class);
    assertThat(s.reason()).contains("outside its working hours");
  }
}
