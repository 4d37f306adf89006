package io.salesbot.core.sla;

import io.salesbot.core.kernel.Found;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.time.Clock;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Runs an escalation button's work only for the manager of the lead's team; tells anyone else why
 * not.
 */
final class AsManager {
  private final Leads leads;
  private final TeamDirectory directory;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;

  AsManager(Leads leads, TeamDirectory directory, Talk talk) {
    this.leads = leads;
    this.directory = directory;
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  /** The lead as stored now. */
  Mono<Lead> reload(String leadId) {
    return leads.findById(leadId);
  }

  Mono<Void> check(
      CardAction action,
      String leadId,
      java.util.function.BiFunction<Lead, Team, Mono<Void>> work) {
    return Found.either(
        leads.findById(leadId),
        lead -> {
          Optional<Team> team =
              lead.teamId() == null ? Optional.empty() : directory.team(lead.teamId());
          if (team.isEmpty() || !team.get().isManager(action.user())) {
            return replies.reply(action, action.user(), messages.get("reply.managerOnly"));
          }
          return work.apply(lead, team.get());
        },
        () -> replies.reply(action, action.user(), messages.get("reply.leadNotFound")));
  }
}
