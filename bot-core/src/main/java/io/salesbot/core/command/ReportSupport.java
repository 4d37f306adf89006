package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.Chart;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendImage;
import io.salesbot.core.stage.Reporting;
import io.salesbot.core.stage.domain.ReportPeriod;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.domain.Team;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the manager reports ({@code /funnel}, {@code /kpi}, {@code /stalled}, {@code /skips}) share:
 * reading {@code [team] [period] [vs period]} strictly, refusing a team the sender does not manage,
 * and answering with a card of figures plus, when the renderer draws one, a chart image.
 */
public final class ReportSupport {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private final CommandSupport support;
  private final Reporting reporting;
  private final StageModel model;

  public ReportSupport(CommandSupport support, Reporting reporting, StageModel model) {
    this.support = support;
    this.reporting = reporting;
    this.model = model;
  }

  /** What a report command was asked: the team, the period and what to compare it with. */
  public record Args(Team team, ReportPeriod period, @Nullable ReportPeriod versus) {}

  CommandSupport support() {
    return support;
  }

  Reporting reporting() {
    return reporting;
  }

  StageModel model() {
    return model;
  }

  /**
   * Reads {@code [team] [period] [vs period]} (which parts a command takes: {@code periods}, {@code
   * versus}); a bad period, an unknown team or one the sender does not manage is answered and
   * yields nothing.
   */
  Mono<Args> read(CommandCall call, CommandSpec spec, boolean periods, boolean versus) {
    var now = support.talk().clock().instant();
    List<String> words = new ArrayList<>(call.args());
    String teamRef = null;
    if (!words.isEmpty() && !isVs(words.get(0)) && !ReportPeriod.looksLikePeriod(words.get(0))) {
      teamRef = words.remove(0);
    }
    ReportPeriod period = ReportPeriod.lastDays(30, now);
    ReportPeriod other = null;
    if (!words.isEmpty() && !isVs(words.get(0))) {
      if (!periods) {
        return support.usage(call.message(), spec).then(Mono.empty());
      }
      Optional<ReportPeriod> p = ReportPeriod.parse(words.remove(0), now, ZONE);
      if (p.isEmpty()) {
        return badPeriod(call, call.args().get(call.args().size() - words.size() - 1));
      }
      period = p.get();
    }
    if (!words.isEmpty()) {
      if (!versus || !isVs(words.get(0)) || words.size() != 2) {
        return support.usage(call.message(), spec).then(Mono.empty());
      }
      Optional<ReportPeriod> p = ReportPeriod.parse(words.get(1), now, ZONE);
      if (p.isEmpty()) {
        return badPeriod(call, words.get(1));
      }
      other = p.get();
    } else if (versus) {
      other = period.previous(ZONE);
    }
    ReportPeriod chosen = period;
    ReportPeriod compared = other;
    return team(call, teamRef).map(t -> new Args(t, chosen, compared));
  }

  private Mono<Args> badPeriod(CommandCall call, String word) {
    return support.say(call, "reply.report.badPeriod", word).then(Mono.empty());
  }

  private static boolean isVs(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return w.equals("vs") || w.equals("对比");
  }

  /** The team named (id or name), or the sender's first managed team; only a team they manage. */
  private Mono<Team> team(CommandCall call, @Nullable String ref) {
    List<Team> managed = support.managedTeams(call.user());
    if (ref == null) {
      return managed.isEmpty()
          ? support.say(call, "reply.managerOnly").then(Mono.empty())
          : Mono.just(managed.get(0));
    }
    String r = ref.strip();
    Optional<Team> named =
        support.directory().teams().stream()
            .filter(t -> t.id().equalsIgnoreCase(r) || t.name().equalsIgnoreCase(r))
            .findFirst();
    String mine =
        managed.stream().map(t -> t.name() + " (" + t.id() + ")").collect(Collectors.joining("、"));
    if (named.isEmpty()) {
      return support.say(call, "reply.unknownTeam", ref, mine).then(Mono.empty());
    }
    if (!named.get().isManager(call.user())) {
      return support.say(call, "reply.report.notYourTeam", named.get().name()).then(Mono.empty());
    }
    return Mono.just(named.get());
  }

  ReportQuery query(Team team, ReportPeriod period) {
    return new ReportQuery(
        team.id(),
        period.from(),
        period.to(),
        support.talk().clock().instant(),
        ReportQuery.stalledAfter(model),
        reporting.actWithin());
  }

  /** A report card: a title and one field per figure. */
  Card card(CommandCall call, String title, List<CardElement> elements) {
    return new Card(
        "report-" + call.message().eventId(), 1, CardType.REPORT, title, elements, List.of());
  }

  /**
   * Sends the card to the sender, then the chart when the renderer draws it (the card carries the
   * figures; the image is an extra).
   */
  Mono<Void> answer(CommandCall call, Card card, List<Chart> charts) {
    String id = "report-" + call.message().eventId();
    var replies = support.talk().replies();
    Mono<Void> sendCard =
        replies.perPlatform(List.of(call.user()), (r, s) -> new DeliverCard(id + s, card, r));
    return sendCard.then(
        Flux.fromIterable(charts)
            .index()
            .concatMap(
                c ->
                    reporting
                        .charts()
                        .png(c.getT2())
                        .flatMap(
                            png -> {
                              String chartId = id + "-chart" + c.getT1();
                              String imageId = imageId();
                              return reporting
                                  .images()
                                  .put(imageId, png, support.talk().clock().instant())
                                  .then(
                                      replies.perPlatform(
                                          List.of(call.user()),
                                          (r, s) ->
                                              new SendImage(
                                                  chartId + s, imageId, c.getT2().title(), r)));
                            }))
            .then());
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A random id (256 bits, hex): the image is served without a login at {@code /charts/{id}.png},
   * so its id must not be derivable from what an outsider can see or guess (event ids, figures). A
   * redelivered command stores a second copy that nobody fetches; old images are purged.
   */
  static String imageId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  // Numbers go to the bundle as text: MessageFormat would group and localise them.

  /** A ratio as a percentage to one decimal ({@code report.value.percent}); "-" for none. */
  String percent(@Nullable Double ratio) {
    return ratio == null
        ? "-"
        : support
            .messages()
            .get("report.value.percent", String.valueOf(Math.round(ratio * 1000) / 10.0));
  }

  /** A duration in days to one decimal ({@code report.value.days}); "-" for none. */
  String days(@Nullable Duration d) {
    return d == null
        ? "-"
        : support
            .messages()
            .get("report.value.days", String.valueOf(Math.round(d.toMinutes() / 144.0) / 10.0));
  }

  static double daysValue(@Nullable Duration d) {
    return d == null ? 0 : d.toMinutes() / 1440.0;
  }

  /** A duration in minutes to one decimal ({@code report.value.minutes}); "-" for none. */
  String minutes(@Nullable Duration d) {
    return d == null
        ? "-"
        : support
            .messages()
            .get("report.value.minutes", String.valueOf(Math.round(d.toSeconds() / 6.0) / 10.0));
  }

  /**
   * How a period is shown: {@code report.period.lastDays} (近7天), {@code report.period.daysBefore}
   * (前7天) or {@code report.period.month} (2026-11).
   */
  String label(ReportPeriod period) {
    var m = support.messages();
    YearMonth month = period.month();
    return switch (period.kind()) {
      case LAST_DAYS -> m.get("report.period.lastDays", String.valueOf(period.days()));
      case DAYS_BEFORE -> m.get("report.period.daysBefore", String.valueOf(period.days()));
      case MONTH ->
          m.get(
              "report.period.month",
              String.valueOf(Objects.requireNonNull(month).getYear()),
              String.format(Locale.ROOT, "%02d", month.getMonthValue()));
    };
  }
}
