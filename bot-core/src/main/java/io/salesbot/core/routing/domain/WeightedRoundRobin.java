package io.salesbot.core.routing.domain;

import io.salesbot.core.team.domain.Member;
import java.util.ArrayList;
import java.util.List;

/**
 * The order of turns of a weighted round-robin, spread so that after any number of turns from the
 * start of a cycle every rep's share is within one turn of its weight's share (a rep of weight 3
 * among two of weight 1 never gets three turns in a row). One cycle is as long as the sum of the
 * weights; turn {@code n} is position {@code n mod sum}.
 *
 * <p>Earliest deadline first: rep {@code i} with weight {@code w} out of a total {@code W} is owed
 * its {@code k}-th turn by turn {@code k·W/w}; each turn goes to the rep whose next turn is due
 * soonest among those not ahead of their share (ties: the heavier rep, then the earlier one).
 * Smooth weighted round-robin (nginx) was used before: it drifts up to about 1.1 turns (weights
 * 1,1,1,1,7,7 at turn 13), which the routing property test found.
 */
public final class WeightedRoundRobin {
  private WeightedRoundRobin() {}

  public static List<Member> cycle(List<Member> members) {
    int k = members.size();
    long total = members.stream().mapToLong(Member::weight).sum();
    long[] got = new long[k];
    List<Member> order = new ArrayList<>((int) total);
    for (long n = 1; n <= total; n++) {
      int best = -1;
      for (int i = 0; i < k; i++) {
        long w = members.get(i).weight();
        if (got[i] * total > n * w) {
          continue; // ahead of its share: a turn now would put it more than one ahead
        }
        if (best < 0 || sooner(i, best, got, members)) {
          best = i;
        }
      }
      got[best]++;
      order.add(members.get(best));
    }
    return order;
  }

  /** Whether {@code i}'s next turn is due before {@code j}'s: (got+1)/w compared exactly. */
  private static boolean sooner(int i, int j, long[] got, List<Member> members) {
    long wi = members.get(i).weight();
    long wj = members.get(j).weight();
    long di = (got[i] + 1) * wj;
    long dj = (got[j] + 1) * wi;
    if (di != dj) {
      return di < dj;
    }
    return wi > wj;
  }
}
