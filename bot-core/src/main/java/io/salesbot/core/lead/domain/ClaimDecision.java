package io.salesbot.core.lead.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The one claim rule, used by every {@code Leads} implementation: given the facts a store read for
 * one press of Claim (atomically, under its conditional write or row lock), whether to write the
 * claim or which answer to give. When several refusals apply, the first in this order wins:
 *
 * <ol>
 *   <li>the lead has an owner: the rep themselves → {@link ClaimResult.Claimed} (a repeated press
 *       is harmless, caps and cooldown do not matter), someone else → {@link
 *       ClaimResult.AlreadyClaimed};
 *   <li>the rep lost this lead to the pool within the cooldown → {@link ClaimResult.CoolingDown};
 *   <li>the rep is at a cap → {@link ClaimResult.CapReached};
 *   <li>otherwise → {@link Take}: write the claim.
 * </ol>
 *
 * <p>The cooldown comes before the caps because it is the answer that stays true: it is about this
 * lead and says until when, whereas "cap reached, follow up your leads first" would send a rep who
 * cannot have this lead anyway to free a slot for it, only to be refused again.
 */
public sealed interface ClaimDecision {
  /** Nobody owns the lead and nothing stops this rep: store {@code claimed}. */
  record Take(Lead claimed) implements ClaimDecision {}

  /** Nothing to write: answer {@code result}. */
  record Answer(ClaimResult result) implements ClaimDecision {}

  /**
   * Decides a claim of {@code lead} by {@code rep} at {@code at}.
   *
   * @param lostAt when {@code rep} last lost this lead back to the pool, or null if never
   * @param load the rep's load; only read when {@code limits} has a cap
   */
  static ClaimDecision decide(
      Lead lead,
      Address rep,
      Instant at,
      ClaimLimits limits,
      @Nullable Instant lostAt,
      RepLoad load) {
    if (lead.owner() != null) {
      return new Answer(
          lead.isOwnedBy(rep)
              ? new ClaimResult.Claimed(lead)
              : new ClaimResult.AlreadyClaimed(lead));
    }
    if (lostAt != null && limits.coolingDown(lostAt)) {
      Duration cooldown = Duration.between(limits.cooldownSince(), at);
      return new Answer(new ClaimResult.CoolingDown(lostAt, lostAt.plus(cooldown)));
    }
    String capped = limits.exceededBy(load.openLeads(), load.claimsToday());
    if (capped != null) {
      return new Answer(new ClaimResult.CapReached(capped));
    }
    return new Take(lead.claimedBy(rep, at));
  }
}
