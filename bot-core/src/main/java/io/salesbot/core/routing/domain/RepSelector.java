package io.salesbot.core.routing.domain;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.domain.ClaimLimits;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides which rep(s) of a team get a lead, by the team's strategy, never choosing a rep who is
 * off duty, over a cap, outside working hours or already offered this lead. A pure function: the
 * round-robin turn and the tie-breaker come from outside.
 */
public final class RepSelector {
  private RepSelector() {}

  /**
   * @param reps the state of every rep of the team, in team order
   * @param tried reps this lead was already offered to (declined or timed out)
   * @param turn the team's round-robin turn (used by {@link Strategy#ROUND_ROBIN} only)
   * @param tieBreak picks among equally loaded reps (e.g. a hash of the lead id)
   */
  public static Selection select(
      Team team,
      TeamPolicy policy,
      List<RepState> reps,
      Set<Address> tried,
      long turn,
      LeadSubmission lead,
      Instant now,
      long tieBreak) {
    if (!policy.hours().isOpen(now)) {
      return new Selection.Nobody(
          "team "
              + team.id()
              + " is outside its working hours ("
              + policy.hours().describe()
              + ")");
    }
    ClaimLimits limits = policy.limits(now);
    Map<Address, String> unavailable = new LinkedHashMap<>();
    List<RepState> available = new ArrayList<>();
    for (RepState r : reps) {
      String why =
          policy.onLeave(r.member().id(), now) ? "on leave" : unavailable(r, tried, limits);
      if (why == null) {
        available.add(r);
      } else {
        unavailable.put(r.member().id(), r.member().name() + ": " + why);
      }
    }
    if (reps.isEmpty()) {
      return new Selection.Nobody("team " + team.id() + " has no reps");
    }
    if (available.isEmpty()) {
      return new Selection.Nobody(
          "no rep available; skipped " + String.join(", ", unavailable.values()));
    }
    switch (policy.strategy()) {
      case GRAB:
        return new Selection.Broadcast(
            available.stream().map(r -> r.member().id()).toList(),
            "grab mode: offered to every available rep ("
                + available.size()
                + ")"
                + skipped(unavailable.values()));
      case ROUND_ROBIN:
        return roundRobin(reps, available, unavailable, turn);
      case LEAST_LOADED:
        return leastLoaded("least-loaded", available, unavailable, tieBreak);
      default:
        return skill(lead, available, unavailable, tieBreak);
    }
  }

  private static @Nullable String unavailable(RepState r, Set<Address> tried, ClaimLimits limits) {
    if (tried.contains(r.member().id())) {
      return "already offered this lead";
    }
    if (!r.onDuty()) {
      return "off duty";
    }
    return limits.exceededBy(r.openLeads(), r.claimsToday());
  }

  private static Selection roundRobin(
      List<RepState> reps, List<RepState> available, Map<Address, String> unavailable, long turn) {
    List<Member> cycle = WeightedRoundRobin.cycle(reps.stream().map(RepState::member).toList());
    Set<Address> ok = available.stream().map(r -> r.member().id()).collect(Collectors.toSet());
    int start = (int) Math.floorMod(turn, (long) cycle.size());
    List<String> passed = new ArrayList<>();
    for (int i = 0; i < cycle.size(); i++) {
      Member m = cycle.get((start + i) % cycle.size());
      if (ok.contains(m.id())) {
        return new Selection.Offer(
            m.id(), "round-robin turn " + turn + " → " + m.name() + skipped(passed));
      }
      String why = unavailable.get(m.id());
      if (why != null && !passed.contains(why)) {
        passed.add(why);
      }
    }
    throw new IllegalStateException("an available rep is missing from the cycle");
  }

  private static Selection leastLoaded(
      String label, List<RepState> candidates, Map<Address, String> unavailable, long tieBreak) {
    int min = candidates.stream().mapToInt(RepState::openLeads).min().orElseThrow();
    List<RepState> ties =
        candidates.stream()
            .filter(r -> r.openLeads() == min)
            .sorted(Comparator.comparing(r -> r.member().id().toString()))
            .toList();
    RepState pick = ties.get((int) Math.floorMod(tieBreak, (long) ties.size()));
    String tie = ties.size() > 1 ? ", drawn among " + ties.size() + " equally loaded" : "";
    return new Selection.Offer(
        pick.member().id(),
        label
            + " → "
            + pick.member().name()
            + " ("
            + min
            + " open leads"
            + tie
            + ")"
            + skipped(unavailable.values()));
  }

  private static Selection skill(
      LeadSubmission lead,
      List<RepState> available,
      Map<Address, String> unavailable,
      long tieBreak) {
    List<String> wanted = new ArrayList<>();
    if (lead.industry() != null) {
      wanted.add(lead.industry().strip().toLowerCase(Locale.ROOT));
    }
    if (lead.product() != null) {
      wanted.add(lead.product().strip().toLowerCase(Locale.ROOT));
    }
    List<RepState> skilled =
        available.stream()
            .filter(
                r ->
                    r.member().skills().stream()
                        .anyMatch(s -> wanted.contains(s.strip().toLowerCase(Locale.ROOT))))
            .toList();
    if (skilled.isEmpty()) {
      return leastLoaded(
          "skill: no available rep has skill " + wanted + ", least-loaded among all",
          available,
          unavailable,
          tieBreak);
    }
    return leastLoaded("skill " + wanted + ", least-loaded", skilled, unavailable, tieBreak);
  }

  private static String skipped(java.util.Collection<String> reasons) {
    return reasons.isEmpty() ? "" : "; skipped " + String.join(", ", reasons);
  }
}
