package io.salesbot.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.routing.domain.RepSelector;
import io.salesbot.core.routing.domain.RepState;
import io.salesbot.core.routing.domain.Selection;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.routing.domain.WorkingHours;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Property: whatever the strategy, turn, caps and tie-breaker, a rep who is off duty, at a cap or
 * already offered the lead never receives it; and somebody gets it exactly when somebody is
 * available.
 */
class AvailabilityPropertiesTest {
  record Rep(int weight, boolean onDuty, int openLeads, int claimsToday, boolean tried) {}

  @Provide
  Arbitrary<Rep> rep() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 5),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 5),
            Arbitraries.of(true, false))
        .as(Rep::new);
  }

  @Property(tries = 2000)
  void unavailable_reps_never_receive_leads(
      @ForAll @Size(min = 0, max = 8) List<@From("rep") Rep> reps,
      @ForAll Strategy strategy,
      @ForAll @IntRange(min = 0, max = 4) int maxOpen,
      @ForAll @IntRange(min = 0, max = 4) int maxDaily,
      @ForAll @LongRange(min = 0, max = 1000) long turn,
      @ForAll long tieBreak) {
    List<Member> members = new ArrayList<>();
    List<RepState> states = new ArrayList<>();
    Set<Address> tried = new HashSet<>();
    Set<Address> available = new HashSet<>();
    for (int i = 0; i < reps.size(); i++) {
      Rep r = reps.get(i);
      Set<String> skills = i % 2 == 0 ? Set.of("制造") : Set.of();
      Member m = new Member(Address.parse("sandbox:r" + i), "r" + i, skills, r.weight());
      members.add(m);
      states.add(new RepState(m, r.onDuty(), r.openLeads(), r.claimsToday()));
      if (r.tried()) {
        tried.add(m.id());
      }
      boolean underCaps =
          (maxOpen == 0 || r.openLeads() < maxOpen)
              && (maxDaily == 0 || r.claimsToday() < maxDaily);
      if (r.onDuty() && !r.tried() && underCaps) {
        available.add(m.id());
      }
    }
    Team team = new Team("t", "t", List.of(), Address.parse("sandbox:m"), "m", members);
    TeamPolicy policy =
        new TeamPolicy(
            strategy,
            Duration.ofMinutes(5),
            maxOpen,
            maxDaily,
            WorkingHours.ALWAYS,
            Duration.ofMinutes(15),
            Duration.ofMinutes(5));
    Selection s =
        RepSelector.select(
            team,
            policy,
            states,
            tried,
            turn,
            RoundRobinPropertiesTest.LEAD,
            RoundRobinPropertiesTest.NOW,
            tieBreak);
    List<Address> chosen;
    if (s instanceof Selection.Offer) {
      chosen = List.of(((Selection.Offer) s).rep());
    } else if (s instanceof Selection.Broadcast) {
      chosen = ((Selection.Broadcast) s).reps();
      assertThat(Set.copyOf(chosen)).isEqualTo(available); // grab offers to all available
    } else {
      chosen = List.of();
    }
    Map<Address, Rep> byId =
        members.stream()
            .collect(Collectors.toMap(Member::id, m -> reps.get(members.indexOf(m)), (a, b) -> a));
    for (Address a : chosen) {
      assertThat(available).as("%s (%s) under %s", a, byId.get(a), strategy).contains(a);
    }
    assertThat(s instanceof Selection.Nobody).isEqualTo(available.isEmpty());
  }
}
