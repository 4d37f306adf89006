package io.salesbot.core.sla;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.sla.domain.ResponseReport;
import io.salesbot.core.sla.domain.SlaClock;
import io.salesbot.core.team.domain.Team;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The response figures of {@code /sla} and the admin lead view: arrival → claim, claim → first
 * touch, arrival → first touch, from the first-touch clocks and their leads' arrival.
 */
public final class ResponseFigures {
  private final Leads leads;
  private final SlaClocks clocks;
  private final TeamPolicies policies;
  private final Messages messages;

  public ResponseFigures(Leads leads, SlaClocks clocks, TeamPolicies policies, Messages messages) {
    this.leads = leads;
    this.clocks = clocks;
    this.policies = policies;
    this.messages = messages;
  }

  /** The figures of the team's leads claimed since {@code since}. */
  public Mono<ResponseReport> report(Team team, Instant since) {
    return clocks.startedSince(team.id(), since).collectList().flatMap(c -> report(team, c));
  }

  /**
   * The figures of the team's leads whose first-touch clocks are {@code started} (as {@link
   * SlaClocks#startedSince} reads them, for a caller that needs the clocks too): their leads in one
   * read, not one each.
   */
  public Mono<ResponseReport> report(Team team, List<SlaClock> started) {
    TeamPolicy policy = policies.of(team.id());
    return leads
        .findByIds(started.stream().map(SlaClock::leadId).toList())
        .collectMap(Lead::id)
        .map(
            byId ->
                ResponseReport.of(
                    started.stream()
                        .filter(c -> byId.containsKey(c.leadId()))
                        .map(c -> times(byId.get(c.leadId()), c, policy))
                        .toList()));
  }

  /**
   * One lead's times for the admin lead view: empty while nobody has taken it (no first-touch clock
   * yet). The claim is when its current owner got it (claim, accept or assignment).
   */
  public Mono<ResponseReport.Times> times(Lead lead) {
    return clocks.find(lead.id()).map(c -> times(lead, c, policy(lead)));
  }

  /** When {@code lead} is due to be claimed; null without a team or with the response SLA off. */
  public @Nullable Instant due(Lead lead) {
    TeamPolicy policy = policy(lead);
    return lead.teamId() == null || policy.response().off()
        ? null
        : ResponseClock.due(lead, policy);
  }

  private TeamPolicy policy(Lead lead) {
    String team = lead.teamId();
    return team == null ? policies.defaults() : policies.of(team);
  }

  /** One lead's times ({@code clock}: its first-touch clock). */
  public static ResponseReport.Times times(Lead lead, SlaClock clock, TeamPolicy policy) {
    return new ResponseReport.Times(
        lead.createdAt(),
        clock.startedAt(),
        clock.contactedAt(),
        policy.response().off() ? null : ResponseClock.due(lead, policy));
  }

  /** The {@code /sla} line: a line break and the figures. */
  public Mono<String> line(Team team, Instant since) {
    return report(team, since)
        .map(
            r ->
                "\n"
                    + messages.get(
                        "reply.sla.response",
                        span(r.claimMedian()),
                        span(r.claimP90()),
                        span(r.touchMedian()),
                        span(r.totalMedian()),
                        span(r.totalP90()),
                        r.claimedLate()));
  }

  static String span(@Nullable Duration d) {
    return d == null ? "-" : Spans.compact(d);
  }
}
