package io.salesbot.core.sla;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The follow-up SLA's timers: a warning to the rep after each configured step without activity, and
 * on the last step the lead goes back to the pool and the manager is told. Both do nothing when the
 * lead changed owner or saw activity since the timer was set; warnings wait out quiet hours.
 */
public final class FollowUpTimers {
  private final FollowUps followUps;
  private final Leads leads;
  private final TeamDirectory directory;
  private final TeamPolicies policies;
  private final Timers timers;
  private final RecycleLead recycle;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;

  public FollowUpTimers(
      FollowUps followUps,
      Leads leads,
      TeamDirectory directory,
      TeamPolicies policies,
      Timers timers,
      RecycleLead recycle,
      Talk talk) {
    this.followUps = followUps;
    this.leads = leads;
    this.directory = directory;
    this.policies = policies;
    this.timers = timers;
    this.recycle = recycle;
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  public TimerHandler warning() {
    return this::warn;
  }

  public TimerHandler recycling() {
    return this::recycle;
  }

  private record Due(Address owner, Instant last, Duration after) {
    static Due parse(String data) {
      String[] p = data.split("\\|");
      return new Due(
          Address.parse(p[0]),
          Instant.ofEpochMilli(Long.parseLong(p[1])),
          Duration.ofMillis(Long.parseLong(p[2])));
    }
  }

  /** The lead and its team, when the timer is still current: same owner, no activity since. */
  private Mono<Object[]> current(Timer timer, Due due) {
    return followUps
        .find(timer.leadId())
        .filter(a -> a.owner().equals(due.owner()) && a.lastAt().equals(due.last()))
        .flatMap(a -> leads.findById(timer.leadId()))
        .filter(lead -> lead.isOwnedBy(due.owner()) && lead.teamId() != null)
        .flatMap(
            lead -> {
              Optional<Team> team = directory.team(String.valueOf(lead.teamId()));
              return team.isEmpty()
                  ? Mono.empty()
                  : Mono.just(new Object[] {lead, team.get(), policies.of(team.get().id())});
            });
  }

  private Mono<Void> warn(Timer timer) {
    Due due = Due.parse(timer.data());
    return current(timer, due)
        .flatMap(
            found -> {
              Lead lead = (Lead) found[0];
              TeamPolicy policy = (TeamPolicy) found[2];
              return RecycleLead.deferIfQuiet(
                      timer, policy.quiet(), timers, clock, leads, "follow-up warning")
                  .flatMap(
                      deferred -> {
                        if (deferred) {
                          return Mono.empty();
                        }
                        String name = directory.displayName(due.owner());
                        String recycleNote =
                            policy.followUpRecycle().isZero()
                                ? "no recycling configured"
                                : "recycled after " + Spans.english(policy.followUpRecycle());
                        return leads
                            .audit(
                                new AuditEntry(
                                    lead.id(),
                                    AuditEntry.SYSTEM,
                                    "followup_warned",
                                    "no activity by "
                                        + name
                                        + " ("
                                        + due.owner()
                                        + ") for "
                                        + Spans.english(due.after())
                                        + " since "
                                        + due.last()
                                        + "; "
                                        + recycleNote,
                                    timer.id(),
                                    clock.instant()))
                            .then(
                                replies.text(
                                    "followup-" + timer.id(),
                                    policy.followUpRecycle().isZero()
                                        ? messages.get(
                                            "reply.followUpWarning",
                                            messages.leadName(lead.submission()),
                                            "#" + lead.shortId(),
                                            Spans.of(messages, due.after()))
                                        : messages.get(
                                            "reply.followUpWarningRecycle",
                                            messages.leadName(lead.submission()),
                                            "#" + lead.shortId(),
                                            Spans.of(messages, due.after()),
                                            Spans.of(
                                                messages,
                                                policy.followUpRecycle().minus(due.after()))),
                                    List.of(due.owner())));
                      });
            });
  }

  private Mono<Void> recycle(Timer timer) {
    Due due = Due.parse(timer.data());
    return current(timer, due)
        .flatMap(
            found -> {
              Lead lead = (Lead) found[0];
              Team team = (Team) found[1];
              String name = directory.displayName(due.owner());
              String span = Spans.of(messages, due.after());
              return recycle.recycle(
                  lead,
                  due.owner(),
                  team,
                  "follow-up SLA: no activity by "
                      + name
                      + " ("
                      + due.owner()
                      + ") for "
                      + Spans.english(due.after())
                      + " since "
                      + due.last()
                      + "; back to the pool of team "
                      + team.id(),
                  timer.id(),
                  messages.get(
                      "reply.followUpRecycledRep",
                      messages.leadName(lead.submission()),
                      "#" + lead.shortId(),
                      span),
                  messages.get(
                      "reply.followUpRecycledManager",
                      messages.leadName(lead.submission()),
                      "#" + lead.shortId(),
                      name,
                      span));
            })
        .then();
  }
}
