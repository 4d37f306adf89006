package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.lead.Cards;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.platform.OutboxBacklog;
import io.salesbot.core.routing.AssignLead;
import io.salesbot.core.routing.RoutingState;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.sla.domain.SlaClock;
import io.salesbot.core.sla.domain.SlaReport;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.team.domain.TeamChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Answers what people type to the bot. Text starting with {@code /} is a command (each with a
 * Chinese alias, see {@link Command}); other text gets a short hint. Unknown commands get the help,
 * malformed ones their usage, a rep using a manager command a clear refusal — never an error.
 */
public final class HandleCommand {
  private static final int PAGE = 5;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final Messages messages;
  private final Replies replies;
  private final @Nullable Context context;

  /** What the commands beyond {@code /help} need. */
  public record Context(
      TeamDirectory directory,
      Leads leads,
      RoutingState routing,
      SlaClocks clocks,
      AssignLead assign,
      Cards cards,
      Clock clock,
      TeamChannels channels,
      OutboxBacklog backlog) {
    /** Without group bindings ({@code /bind-team} answers that it is not available). */
    public Context(
        TeamDirectory directory,
        Leads leads,
        RoutingState routing,
        SlaClocks clocks,
        AssignLead assign,
        Cards cards,
        Clock clock) {
      this(directory, leads, routing, clocks, assign, cards, clock, TeamChannels.NONE);
    }

    /** Without a count of the waiting outbox ({@code /sla} then shows none). */
    public Context(
        TeamDirectory directory,
        Leads leads,
        RoutingState routing,
        SlaClocks clocks,
        AssignLead assign,
        Cards cards,
        Clock clock,
        TeamChannels channels) {
      this(directory, leads, routing, clocks, assign, cards, clock, channels, OutboxBacklog.NONE);
    }
  }

  /** Only {@code /help}: the other commands answer that they are not available. */
  public HandleCommand(Messages messages, Replies replies) {
    this(messages, replies, null);
  }

  public HandleCommand(Messages messages, Replies replies, @Nullable Context context) {
    this.messages = messages;
    this.replies = replies;
    this.context = context;
  }

  public Mono<Void> handle(TextMessage message) {
    String text = message.text().strip();
    if (context != null && !isHelp(text) && !registered(message.user())) {
      return say(message, messages.get("reply.notRegistered"));
    }
    if (!text.startsWith("/")) {
      return say(message, messages.get("reply.hint"));
    }
    String[] words = text.split("\\s+");
    String name = words[0].toLowerCase(Locale.ROOT);
    List<String> args = Arrays.asList(words).subList(1, words.length);
    Optional<Command> command = Command.byName(name);
    if (command.isEmpty()) {
      return say(message, messages.get("reply.unknownCommand", name));
    }
    Command c = command.get();
    if (c == Command.HELP) {
      return help(message, args);
    }
    if (context == null) {
      return say(message, messages.get("reply.unknownCommand", name));
    }
    if (!c.accepts(args.size())) {
      return usage(message, c);
    }
    Address user = message.user();
    if (c.managerOnly() && managedTeams(user).isEmpty()) {
      return say(message, messages.get("reply.managerOnly"));
    }
    switch (c) {
      case POOL:
        return pool(message, args);
      case LEADS:
        return myLeads(message);
      case ASSIGN:
        return assign(message, c, args.get(0), args.get(1), false);
      case REASSIGN:
        return assign(message, c, args.get(0), args.get(1), true);
      case DUTY:
        return duty(message, c, args);
      case WHY:
        return why(message, args.get(0));
      case BIND_TEAM:
        return bindTeam(message, String.join(" ", args));
      case UNBIND_TEAM:
        return unbindTeam(message, String.join(" ", args));
      default:
        return sla(message, c, args);
    }
  }

  /**
   * Greets a person who opened the bot's chat or app: a welcome card with buttons for the everyday
   * commands, or the not-registered text for someone in no team. One greeting per event, however
   * often redelivered (command id {@code welcome-<eventId>}).
   */
  public Mono<Void> welcome(InboundEvent.Entered entered) {
    Address user = entered.user();
    if (context == null) {
      return replies.reply(entered, user, messages.get("reply.hint"));
    }
    if (!registered(user)) {
      return replies.reply(entered, user, messages.get("reply.notRegistered"));
    }
    String id = "welcome-" + entered.eventId();
    Card card =
        ctx()
            .cards()
            .welcome(id, ctx().directory().displayName(user), !managedTeams(user).isEmpty());
    return replies.perPlatform(List.of(user), (r, s) -> new DeliverCard(id + s, card, r));
  }

  /** Whether a person is a rep or a manager of some team: only they may use salesbot. */
  private boolean registered(Address user) {
    return ctx().directory().teamOf(user).isPresent() || !managedTeams(user).isEmpty();
  }

  private static boolean isHelp(String text) {
    if (!text.startsWith("/")) {
      return false;
    }
    String name = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    return Command.byName(name).filter(c -> c == Command.HELP).isPresent();
  }

  private Context ctx() {
    return java.util.Objects.requireNonNull(context);
  }

  /** Answers where the message was typed: in its group chat, else 1:1. */
  private Mono<Void> say(TextMessage to, String text) {
    return replies.reply(to, to.replyTo(), text);
  }

  private Mono<Void> usage(TextMessage to, Command c) {
    return say(to, messages.get("reply.usage", messages.get(c.usageKey())));
  }

  private Mono<Void> help(TextMessage message, List<String> args) {
    if (args.isEmpty()) {
      return say(message, messages.get("reply.help"));
    }
    String name = args.get(0).startsWith("/") ? args.get(0) : "/" + args.get(0);
    Optional<Command> c = Command.byName(name.toLowerCase(Locale.ROOT));
    if (c.isEmpty()) {
      return say(message, messages.get("reply.help"));
    }
    return say(
        message,
        messages.get(c.get().helpKey())
            + "\n"
            + messages.get("reply.usage", messages.get(c.get().usageKey()))
            + "\n"
            + messages.get("reply.aliases", String.join(" ", c.get().names())));
  }

  private List<Team> managedTeams(Address user) {
    return ctx().directory().teams().stream().filter(t -> t.isManager(user)).toList();
  }

  /** The team a person works in: the one they manage, else the one they are a rep of. */
  private Optional<Team> teamOf(Address user) {
    List<Team> managed = managedTeams(user);
    return managed.isEmpty() ? ctx().directory().teamOf(user) : Optional.of(managed.get(0));
  }

  private boolean inTeam(Team team, Address user) {
    return team.isManager(user) || team.member(user).isPresent();
  }

  // ---- /pool [page]

  private Mono<Void> pool(TextMessage message, List<String> args) {
    Optional<Team> team = teamOf(message.user());
    if (team.isEmpty()) {
      return say(message, messages.get("reply.notInAnyTeam"));
    }
    int page;
    try {
      page = args.isEmpty() ? 1 : Integer.parseInt(args.get(0));
    } catch (NumberFormatException e) {
      return usage(message, Command.POOL);
    }
    if (page < 1) {
      return usage(message, Command.POOL);
    }
    Team t = team.get();
    return ctx()
        .leads()
        .poolSize(t.id())
        .flatMap(
            total ->
                ctx()
                    .leads()
                    .pool(t.id(), (page - 1) * PAGE, PAGE)
                    .collectList()
                    .flatMap(
                        leads -> {
                          int pages = (int) Math.max(1, (total + PAGE - 1) / PAGE);
                          String id = "pool-" + message.eventId();
                          return replies.perPlatform(
                              List.of(message.user()),
                              (r, s) ->
                                  new DeliverCard(
                                      id, ctx().cards().pool(id, t, leads, page, pages, total), r));
                        }));
  }

  // ---- /leads

  private Mono<Void> myLeads(TextMessage message) {
    return ctx()
        .leads()
        .ownedBy(message.user(), 20)
        .filter(l -> l.status() == LeadStatus.CLAIMED)
        .concatMap(
            lead ->
                ctx()
                    .clocks()
                    .find(lead.id())
                    .map(c -> line(lead, c))
                    .defaultIfEmpty(line(lead, null)))
        .collectList()
        .flatMap(
            lines ->
                say(
                    message,
                    lines.isEmpty()
                        ? messages.get("reply.myLeads.none")
                        : messages.get("reply.myLeads", lines.size())
                            + "\n"
                            + String.join("\n", lines)));
  }

  private String line(Lead lead, @Nullable SlaClock c) {
    String state;
    if (c == null || !c.owner().equals(lead.owner())) {
      state = messages.get("state.open");
    } else if (!c.running()) {
      state =
          messages.get(
              "state.contacted",
              messages.get(java.util.Objects.requireNonNull(c.channel()).labelKey()));
    } else if (c.breachedAt() != null) {
      state = messages.get("state.breached");
    } else {
      state = messages.get("state.waiting", TIME.format(c.dueAt()));
    }
    return "#" + lead.shortId() + " " + messages.leadName(lead.submission()) + " · " + state;
  }

  // ---- /assign, /reassign

  private Mono<Void> assign(
      TextMessage message, Command c, String leadRef, String repRef, boolean reassign) {
    Address manager = message.user();
    return findLead(
        message,
        leadRef,
        lead -> {
          Optional<Team> team =
              lead.teamId() == null ? Optional.empty() : ctx().directory().team(lead.teamId());
          if (team.isEmpty() || !team.get().isManager(manager)) {
            return say(message, messages.get("reply.notYourTeam", "#" + lead.shortId()));
          }
          Optional<Member> rep = findRep(team.get(), repRef);
          if (rep.isEmpty()) {
            return say(message, messages.get("reply.unknownRep", repRef, team.get().name()));
          }
          Address from = lead.owner();
          Address to = rep.get().id();
          if (!reassign && from != null) {
            return say(
                message,
                messages.get(
                    "reply.useReassign",
                    "#" + lead.shortId(),
                    ctx().directory().displayName(from)));
          }
          if (reassign && from == null) {
            return say(message, messages.get("reply.useAssign", "#" + lead.shortId()));
          }
          if (to.equals(from)) {
            return say(message, messages.get("reply.alreadyOwner", rep.get().name()));
          }
          String managerName = ctx().directory().displayName(manager);
          String reason =
              (reassign
                      ? "reassigned from "
                          + ctx().directory().displayName(java.util.Objects.requireNonNull(from))
                          + " to "
                      : "assigned to ")
                  + rep.get().name()
                  + " ("
                  + to
                  + ") by "
                  + managerName
                  + " with "
                  + c.names().get(0);
          return ctx()
              .assign()
              .move(
                  lead,
                  from,
                  to,
                  manager,
                  reassign ? "reassigned" : "assigned",
                  reason,
                  message.eventId())
              .flatMap(
                  moved ->
                      say(
                              message,
                              messages.get(
                                  "reply.assigned",
                                  messages.leadName(moved.submission()),
                                  rep.get().name()))
                          .thenReturn(true))
              .switchIfEmpty(say(message, messages.get("reply.leadChanged")).thenReturn(false))
              .then();
        });
  }

  private Optional<Member> findRep(Team team, String ref) {
    String r = ref.startsWith("@") ? ref.substring(1) : ref;
    return team.members().stream()
        .filter(
            m ->
                m.id().toString().equalsIgnoreCase(r)
                    || m.id().userId().equalsIgnoreCase(r)
                    || m.name().equalsIgnoreCase(r))
        .findFirst();
  }

  private Mono<Void> findLead(
      TextMessage message, String ref, java.util.function.Function<Lead, Mono<Void>> then) {
    String id = ref.startsWith("#") ? ref.substring(1) : ref;
    if (id.length() < 6) {
      return say(message, messages.get("reply.leadRefTooShort", ref));
    }
    return ctx()
        .leads()
        .findByIdPrefix(id.toLowerCase(Locale.ROOT), 2)
        .collectList()
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return say(message, messages.get("reply.leadNotFoundRef", ref));
              }
              if (found.size() > 1) {
                return say(message, messages.get("reply.leadRefAmbiguous", ref));
              }
              return then.apply(found.get(0));
            });
  }

  // ---- /duty on|off, /duty <rep> on|off

  private Mono<Void> duty(TextMessage message, Command c, List<String> args) {
    Optional<Boolean> on = onOff(args.get(args.size() - 1));
    if (on.isEmpty()) {
      return usage(message, c);
    }
    Address user = message.user();
    if (args.size() == 1) {
      if (ctx().directory().teamOf(user).isEmpty()) {
        return say(message, messages.get("reply.notInAnyTeam"));
      }
      return ctx()
          .routing()
          .setDuty(user, on.get(), ctx().clock().instant())
          .then(say(message, messages.get(on.get() ? "reply.dutyOn" : "reply.dutyOff")));
    }
    for (Team team : managedTeams(user)) {
      Optional<Member> rep = findRep(team, args.get(0));
      if (rep.isPresent()) {
        return ctx()
            .routing()
            .setDuty(rep.get().id(), on.get(), ctx().clock().instant())
            .then(
                say(
                    message,
                    messages.get(
                        on.get() ? "reply.dutyOnFor" : "reply.dutyOffFor", rep.get().name())));
      }
    }
    return managedTeams(user).isEmpty()
        ? say(message, messages.get("reply.managerOnly"))
        : say(
            message,
            messages.get("reply.unknownRep", args.get(0), managedTeams(user).get(0).name()));
  }

  private static Optional<Boolean> onOff(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "on":
      case "开":
      case "上班":
        return Optional.of(true);
      case "off":
      case "关":
      case "下班":
        return Optional.of(false);
      default:
        return Optional.empty();
    }
  }

  // ---- /why <lead>

  private Mono<Void> why(TextMessage message, String ref) {
    return findLead(
        message,
        ref,
        lead -> {
          Optional<Team> team =
              lead.teamId() == null ? Optional.empty() : ctx().directory().team(lead.teamId());
          boolean allowed =
              lead.isOwnedBy(message.user())
                  || (team.isPresent() && inTeam(team.get(), message.user()));
          if (!allowed) {
            return say(message, messages.get("reply.notYourTeam", "#" + lead.shortId()));
          }
          return ctx()
              .leads()
              .history(lead.id())
              .map(a -> TIME.format(a.at()) + " " + a.action() + " — " + a.reason())
              .collectList()
              .flatMap(
                  lines ->
                      say(
                          message,
                          messages.get(
                                  "reply.why",
                                  "#" + lead.shortId(),
                                  messages.leadName(lead.submission()))
                              + "\n"
                              + String.join("\n", lines)));
        });
  }

  // ---- /sla [7d|30d]

  private Mono<Void> sla(TextMessage message, Command c, List<String> args) {
    Optional<Team> team = teamOf(message.user());
    if (team.isEmpty()) {
      return say(message, messages.get("reply.notInAnyTeam"));
    }
    int days = 7;
    if (!args.isEmpty()) {
      String a = args.get(0).toLowerCase(Locale.ROOT);
      if (a.equals("30d")) {
        days = 30;
      } else if (!a.equals("7d")) {
        return usage(message, c);
      }
    }
    int d = days;
    Team t = team.get();
    return ctx()
        .clocks()
        .startedSince(t.id(), ctx().clock().instant().minus(Duration.ofDays(days)))
        .collectList()
        .map(SlaReport::of)
        .flatMap(
            report -> {
              String breaches =
                  report.breachesByRep().isEmpty()
                      ? messages.get("reply.sla.noBreach")
                      : report.breachesByRep().entrySet().stream()
                          .map(
                              (Map.Entry<Address, Integer> e) ->
                                  ctx().directory().displayName(e.getKey()) + " " + e.getValue())
                          .collect(Collectors.joining(", "));
              String text =
                  messages.get(
                      "reply.sla",
                      t.name(),
                      d,
                      report.clocks(),
                      report.contacted(),
                      minutes(report.median()),
                      minutes(report.p90()),
                      breaches);
              if (!t.isManager(message.user())) {
                return say(message, text);
              }
              return backlogLine().flatMap(line -> say(message, text + line));
            });
  }

  /**
   * For managers: messages waiting for a platform's send budget or for the platform to come back,
   * as a second line of {@code /sla}; empty when nothing waits or the count is unavailable.
   */
  private Mono<String> backlogLine() {
    return ctx()
        .backlog()
        .waiting()
        .map(
            waiting -> {
              String counts =
                  waiting.entrySet().stream()
                      .filter(e -> e.getValue() > 0)
                      .sorted(Map.Entry.comparingByKey())
                      .map(e -> e.getKey() + " " + e.getValue())
                      .collect(Collectors.joining(", "));
              return counts.isEmpty() ? "" : "\n" + messages.get("reply.sla.backlog", counts);
            })
        .timeout(Duration.ofSeconds(2))
        .onErrorReturn("");
  }

  // ---- /bind-team <team>, /unbind-team [team]

  private Mono<Void> bindTeam(TextMessage message, String ref) {
    Address group = message.conversation();
    if (group == null) {
      return say(message, messages.get("reply.bindTeam.notInGroup"));
    }
    if (ctx().channels() == TeamChannels.NONE) {
      return say(message, messages.get("reply.unknownCommand", Command.BIND_TEAM.names().get(0)));
    }
    return managedTeam(message, ref)
        .flatMap(
            t ->
                ctx()
                    .channels()
                    .bind(new TeamChannel(t.id(), group, message.user(), ctx().clock().instant()))
                    .then(say(message, messages.get("reply.teamBound", t.name()))));
  }

  private Mono<Void> unbindTeam(TextMessage message, String ref) {
    if (ctx().channels() == TeamChannels.NONE) {
      return say(message, messages.get("reply.unknownCommand", Command.UNBIND_TEAM.names().get(0)));
    }
    if (ref.isBlank()) {
      Address group = message.conversation();
      if (group == null) {
        return usage(message, Command.UNBIND_TEAM);
      }
      return ctx()
          .channels()
          .boundTo(group)
          .filter(
              c ->
                  ctx()
                      .directory()
                      .team(c.teamId())
                      .map(t -> t.isManager(message.user()))
                      .orElse(false))
          .concatMap(c -> ctx().channels().unbind(c.teamId()).thenReturn(c.teamId()))
          .map(id -> ctx().directory().team(id).map(Team::name).orElse(id))
          .collectList()
          .flatMap(
              names ->
                  say(
                      message,
                      names.isEmpty()
                          ? messages.get("reply.noTeamBoundHere")
                          : messages.get("reply.teamUnbound", String.join("、", names))));
    }
    return managedTeam(message, ref)
        .flatMap(
            t ->
                ctx()
                    .channels()
                    .unbind(t.id())
                    .flatMap(
                        removed ->
                            say(
                                message,
                                removed
                                    ? messages.get("reply.teamUnbound", t.name())
                                    : messages.get("reply.teamNotBound", t.name()))));
  }

  /**
   * The team {@code ref} names (id or name) when the sender manages it; otherwise the sender is
   * told why and nothing is emitted.
   */
  private Mono<Team> managedTeam(TextMessage message, String ref) {
    Optional<Team> team = findTeam(ref);
    if (team.isEmpty()) {
      return say(message, messages.get("reply.unknownTeam", ref, managedTeamNames(message.user())))
          .then(Mono.empty());
    }
    Team t = team.get();
    if (!t.isManager(message.user())) {
      return say(message, messages.get("reply.notYourTeamToBind", t.name())).then(Mono.empty());
    }
    return Mono.just(t);
  }

  /** A team by its id or its name, ignoring case. */
  private Optional<Team> findTeam(String ref) {
    String r = ref.strip();
    return ctx().directory().teams().stream()
        .filter(t -> t.id().equalsIgnoreCase(r) || t.name().equalsIgnoreCase(r))
        .findFirst();
  }

  private String managedTeamNames(Address user) {
    return managedTeams(user).stream()
        .map(t -> t.name() + " (" + t.id() + ")")
        .collect(Collectors.joining("、"));
  }

  private static String minutes(@Nullable Duration d) {
    if (d == null) {
      return "-";
    }
    long s = d.getSeconds();
    return s >= 60 ? (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s") : s + "s";
  }
}
