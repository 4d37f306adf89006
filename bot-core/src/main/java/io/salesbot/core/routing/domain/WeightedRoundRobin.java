package io.salesbot.core.routing.domain;

import io.salesbot.core.team.domain.Member;
import java.util.ArrayList;
import java.util.List;

/**
 * The order of turns of a weighted round-robin: smooth weighted round-robin (as in nginx), so that
 * a rep of weight 3 among reps of weight 1 gets every other turn rather than three in a row. One
 * cycle is as long as the sum of the weights; turn {@code n} is position {@code n mod sum}.
 */
public final class WeightedRoundRobin {
  private WeightedRoundRobin() {}

  public static List<Member> cycle(List<Member> members) {
    int total = members.stream().mapToInt(Member::weight).sum();
    long[] current = new long[members.size()];
    List<Member> order = new ArrayList<>(total);
    for (int step = 0; step < total; step++) {
      int best = -1;
      for (int i = 0; i < members.size(); i++) {
        current[i] += members.get(i).weight();
        if (best < 0 || current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      order.add(members.get(best));
    }
    return order;
  }
}
