package io.salesbot.core.sla;

import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.PriorityListener;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.sla.domain.SlaClock;
import io.salesbot.core.team.domain.Team;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import reactor.core.publisher.Mono;

/**
 * The SLAs follow a lead made hot after it arrived (a repeat visit): a pooled lead's response SLA
 * is armed again from its arrival with {@code response-sla-hot} (the lead's new version turns the
 * old timers into no-ops), and a claimed lead's running first-touch clock is brought forward to
 * {@code first-touch-sla-hot} from the claim, when that is earlier. Idempotent: timer ids carry the
 * due time, and the clock moves only from the due time it was seen at.
 */
public final class HotSla implements PriorityListener {
  private final ResponseClock response;
  private final FirstTouch firstTouch;
  private final SlaClocks clocks;
  private final TeamPolicies policies;

  public HotSla(
      ResponseClock response, FirstTouch firstTouch, SlaClocks clocks, TeamPolicies policies) {
    this.response = response;
    this.firstTouch = firstTouch;
    this.clocks = clocks;
    this.policies = policies;
  }

  /** A merge moved the pooled lead's version: its response timers are armed again for it. */
  @Override
  public Mono<Void> merged(Lead lead, Team team, Instant now) {
    if (lead.status() == LeadStatus.POOLED && lead.owner() == null) {
      return response.rearm(lead, team, now);
    }
    return Mono.empty();
  }

  @Override
  public Mono<Void> madeHot(Lead lead, Team team) {
    if (lead.status() == LeadStatus.POOLED && lead.owner() == null) {
      return response.arrived(lead, team);
    }
    if (lead.status() != LeadStatus.CLAIMED || lead.owner() == null) {
      return Mono.empty();
    }
    TeamPolicy policy = policies.of(team.id());
    return clocks
        .find(lead.id())
        .filter(c -> c.running() && c.owner().equals(lead.owner()))
        .flatMap(
            c -> {
              Instant due =
                  policy
                      .quiet()
                      .due(c.startedAt(), policy.firstTouch(Priority.HOT))
                      .truncatedTo(ChronoUnit.MILLIS);
              if (!due.isBefore(c.dueAt())) {
                return Mono.empty();
              }
              return clocks.extend(lead.id(), c.dueAt(), due);
            })
        .flatMap((SlaClock moved) -> firstTouch.breachTimer(moved));
  }
}
