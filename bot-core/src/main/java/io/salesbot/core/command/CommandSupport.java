package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * What the command handlers share: answering where a command was typed, and finding the teams, reps
 * and leads that people name in commands.
 */
public final class CommandSupport {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final TeamDirectory directory;
  private final Leads leads;
  private final Talk talk;

  public CommandSupport(TeamDirectory directory, Leads leads, Talk talk) {
    this.directory = directory;
    this.leads = leads;
    this.talk = talk;
  }

  public TeamDirectory directory() {
    return directory;
  }

  public Talk talk() {
    return talk;
  }

  public Messages messages() {
    return talk.messages();
  }

  /** Answers where the message was typed: in its group chat, else 1:1. */
  public Mono<Void> say(TextMessage to, String text) {
    return talk.replies().reply(to, to.replyTo(), text);
  }

  public Mono<Void> say(CommandCall to, String key, Object... args) {
    return say(to.message(), messages().get(key, args));
  }

  public Mono<Void> usage(TextMessage to, CommandSpec c) {
    return say(to, messages().get("reply.usage", messages().get(c.usageKey())));
  }

  /** Whether a person is a rep or a manager of some team: only they may use salesbot. */
  public boolean registered(Address user) {
    return directory.teamOf(user).isPresent() || !managedTeams(user).isEmpty();
  }

  public List<Team> managedTeams(Address user) {
    return directory.teams().stream().filter(t -> t.isManager(user)).toList();
  }

  /** The team a person works in: the one they manage, else the one they are a rep of. */
  public Optional<Team> teamOf(Address user) {
    List<Team> managed = managedTeams(user);
    return managed.isEmpty() ? directory.teamOf(user) : Optional.of(managed.get(0));
  }

  public boolean inTeam(Team team, Address user) {
    return team.isManager(user) || team.member(user).isPresent();
  }

  /** The lead's team, if it has one the directory knows. */
  public Optional<Team> teamOf(Lead lead) {
    return lead.teamId() == null ? Optional.empty() : directory.team(lead.teamId());
  }

  /** A lead as people see it in lists: {@code #1a2b3c 客户名}; its id when it is gone. */
  public Mono<String> leadName(String leadId) {
    return leads
        .findById(leadId)
        .map(l -> "#" + l.shortId() + " " + messages().leadName(l.submission()))
        .defaultIfEmpty(leadId);
  }

  /**
   * A rep of the team by address, user id or name (ignoring case, an {@code @} in front allowed).
   */
  public Optional<Member> findRep(Team team, String ref) {
    String r = ref.startsWith("@") ? ref.substring(1) : ref;
    return team.members().stream()
        .filter(
            m ->
                m.id().toString().equalsIgnoreCase(r)
                    || m.id().userId().equalsIgnoreCase(r)
                    || m.name().equalsIgnoreCase(r))
        .findFirst();
  }

  /**
   * The lead a person names by the start of its id ({@code #1a2b3c} or {@code 1a2b3c}, at least six
   * characters); tells them when it is too short, unknown or ambiguous.
   */
  public Mono<Void> findLead(TextMessage message, String ref, Function<Lead, Mono<Void>> then) {
    String id = ref.startsWith("#") ? ref.substring(1) : ref;
    if (id.length() < 6) {
      return say(message, messages().get("reply.leadRefTooShort", ref));
    }
    return leads
        .findByIdPrefix(id.toLowerCase(Locale.ROOT), 2)
        .collectList()
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return say(message, messages().get("reply.leadNotFoundRef", ref));
              }
              if (found.size() > 1) {
                return say(message, messages().get("reply.leadRefAmbiguous", ref));
              }
              return then.apply(found.get(0));
            });
  }

  /**
   * The team {@code ref} names (id or name) when the sender manages it; otherwise the sender is
   * told why and nothing is emitted.
   */
  public Mono<Team> managedTeam(TextMessage message, String ref) {
    Optional<Team> team = findTeam(ref);
    if (team.isEmpty()) {
      return say(
              message, messages().get("reply.unknownTeam", ref, managedTeamNames(message.user())))
          .then(Mono.empty());
    }
    Team t = team.get();
    if (!t.isManager(message.user())) {
      return say(message, messages().get("reply.notYourTeamToBind", t.name())).then(Mono.empty());
    }
    return Mono.just(t);
  }

  /** A team by its id or its name, ignoring case. */
  private Optional<Team> findTeam(String ref) {
    String r = ref.strip();
    return directory.teams().stream()
        .filter(t -> t.id().equalsIgnoreCase(r) || t.name().equalsIgnoreCase(r))
        .findFirst();
  }

  private String managedTeamNames(Address user) {
    return managedTeams(user).stream()
        .map(t -> t.name() + " (" + t.id() + ")")
        .collect(Collectors.joining("、"));
  }
}
