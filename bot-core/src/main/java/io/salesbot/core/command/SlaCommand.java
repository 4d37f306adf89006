package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.OutboxBacklog;
import io.salesbot.core.sla.ResponseFigures;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.sla.domain.SlaReport;
import io.salesbot.core.team.domain.Team;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@code /sla [7d|30d]}: the team's first-touch figures (median, p90, breaches per rep) and
 * response figures (arrival → claim, claim → first touch, arrival → first touch); managers also see
 * what waits in the outbox per platform and how much of each monthly platform quota is used.
 */
public final class SlaCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("sla", 0, 1, "/sla", "/时效");

  private final CommandSupport support;
  private final SlaClocks clocks;
  private final OutboxBacklog backlog;
  private final Messages messages;
  private final ResponseFigures response;

  public SlaCommand(
      CommandSupport support, SlaClocks clocks, OutboxBacklog backlog, ResponseFigures response) {
    this.response = response;
    this.support = support;
    this.clocks = clocks;
    this.backlog = backlog;
    this.messages = support.messages();
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    Optional<Team> team = support.teamOf(call.user());
    if (team.isEmpty()) {
      return support.say(call, "reply.notInAnyTeam");
    }
    int days = 7;
    if (!call.args().isEmpty()) {
      String a = call.args().get(0).toLowerCase(Locale.ROOT);
      if (a.equals("30d")) {
        days = 30;
      } else if (!a.equals("7d")) {
        return support.usage(call.message(), SPEC);
      }
    }
    int d = days;
    Team t = team.get();
    java.time.Instant since = support.talk().clock().instant().minus(Duration.ofDays(days));
    return clocks
        .startedSince(t.id(), since)
        .collectList()
        .map(SlaReport::of)
        .zipWith(response.line(t, since)) // issue 13: arrival → claim → first touch
        .flatMap(
            tuple -> {
              SlaReport report = tuple.getT1();
              String responseLine = tuple.getT2();
              String breaches =
                  report.breachesByRep().isEmpty()
                      ? messages.get("reply.sla.noBreach")
                      : report.breachesByRep().entrySet().stream()
                          .map(
                              (Map.Entry<Address, Integer> e) ->
                                  support.directory().displayName(e.getKey()) + " " + e.getValue())
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
                          breaches)
                      + responseLine;
              if (!t.isManager(call.user())) {
                return support.say(call.message(), text);
              }
              return backlogLine()
                  .zipWith(quotaLines(), String::concat)
                  .flatMap(lines -> support.say(call.message(), text + lines));
            });
  }

  /**
   * For managers: messages waiting for a platform's send budget or for the platform to come back,
   * as a second line; empty when nothing waits or the count is unavailable.
   */
  private Mono<String> backlogLine() {
    return backlog
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

  /**
   * For managers: this month's use of each platform's monthly quota, one line each (钉钉本月调用
   * 4,120/5,000（82%）); empty when there is none or it is unavailable.
   */
  private Mono<String> quotaLines() {
    return backlog
        .monthlyQuotas()
        .map(
            uses ->
                uses.stream()
                    .map(
                        u ->
                            "\n"
                                + messages.get(
                                    "reply.sla.quota." + u.platform() + "." + u.kind(),
                                    u.used(),
                                    u.limit(),
                                    u.percent()))
                    .collect(Collectors.joining()))
        .timeout(Duration.ofSeconds(2))
        .onErrorReturn("");
  }

  private static String minutes(@Nullable Duration d) {
    if (d == null) {
      return "-";
    }
    long s = d.getSeconds();
    return s >= 60 ? (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s") : s + "s";
  }
}
