package io.salesbot.core.score;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.kernel.ChartRenderer;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.Chart;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendImage;
import io.salesbot.core.score.domain.Awards;
import io.salesbot.core.score.domain.Axis;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublishedScore;
import io.salesbot.core.score.domain.ScorecardModel;
import io.salesbot.core.score.domain.ScorecardModels;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What publication sends, through the outbox like every card: each rep's scorecard card (with a
 * six-month trend as text and, when the renderer draws one, as a chart image), each team manager's
 * leaderboard card, and the texts that tell people of a rollback or the talent pool. Command ids
 * carry the month and version, so a redelivered step sends nothing twice.
 */
public final class ScorecardNotices {
  /** How many months the trend shows, the published month included. */
  public static final int TREND_MONTHS = 6;

  private static final int TOP = 3;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Talk talk;
  private final TeamDirectory directory;
  private final Supplier<ScorecardModels> models;
  private final ChartRenderer charts;
  private final ChartImages images;

  public ScorecardNotices(
      Talk talk,
      TeamDirectory directory,
      Supplier<ScorecardModels> models,
      ChartRenderer charts,
      ChartImages images) {
    this.talk = talk;
    this.directory = directory;
    this.models = models;
    this.charts = charts;
    this.images = images;
  }

  /**
   * A rep's scorecard card for a version: score, ranks, axes, strongest and weakest, the award and
   * the trend (the scores in force of the months up to this one, from {@code sheet}), then the
   * chart.
   */
  public Mono<Void> scorecard(ScorecardSheet sheet, PublishedScore s) {
    Publication p = sheet.publication();
    Messages m = talk.messages();
    ScorecardModel sm = models.get().forPeriod(p.period()); // the month's own weights
    List<CardElement> elements =
        new ArrayList<>(standing(m, s, sheet.teamSize(s.team()), p.scores().size()));
    for (Axis a : sm.axes()) {
      BigDecimal v = s.axes().get(a.id());
      if (v != null) {
        elements.add(new CardElement.Field(a.label(), text(v)));
      }
    }
    if (s.strongest() != null && s.weakest() != null) {
      elements.add(
          new CardElement.Field(
              m.get("card.scorecard.extremes"),
              m.get(
                  "card.scorecard.extremesValue",
                  label(sm, s.strongest()),
                  label(sm, s.weakest()))));
    }
    List<YearMonth> trendMonths = new ArrayList<>();
    List<Double> trendValues = new ArrayList<>();
    List<String> trendText = new ArrayList<>();
    for (int back = TREND_MONTHS - 1; back >= 0; back--) {
      YearMonth month = p.period().minusMonths(back);
      BigDecimal v = sheet.composite(month, s.rep());
      trendText.add(month.getMonthValue() + "月 " + (v == null ? "-" : text(v)));
      if (v != null) {
        trendMonths.add(month);
        trendValues.add(v.doubleValue());
      }
    }
    elements.add(
        new CardElement.Field(m.get("card.scorecard.trend"), String.join(" · ", trendText)));
    if (sheet.award(s.rep())) {
      elements.add(new CardElement.Text(m.get("card.scorecard.award")));
    }
    elements.add(new CardElement.Note(m.get("card.scorecard.note", p.version())));
    String id = "scorecard-" + p.period() + "-v" + p.version() + "-" + s.rep();
    Card card =
        new Card(
            id,
            1,
            CardType.REPORT,
            m.get("card.scorecard.title", directory.displayName(s.rep()), p.period().toString()),
            elements,
            List.of(
                new CardButton(
                    CardActions.RUN_COMMAND,
                    m.get("button.dispute"),
                    "/disputes open " + p.period(),
                    CardButton.Style.DEFAULT)));
    Mono<Void> sendCard =
        talk.replies().perPlatform(List.of(s.rep()), (r, x) -> new DeliverCard(id + x, card, r));
    if (trendValues.size() < 2) {
      return sendCard;
    }
    Chart chart =
        Chart.of(
                m.get("chart.scorecard.trend"),
                Chart.Kind.LINE,
                trendMonths.stream().map(YearMonth::toString).toList(),
                List.of(new Chart.Series(m.get("card.scorecard.composite"), trendValues)))
            .withUnit(m.get("chart.scorecard.unit"));
    return sendCard.then(image(id + "-trend", chart, List.of(s.rep())));
  }

  /** A rep's composite, team rank and company rank in a version, as card fields. */
  static List<CardElement> standing(Messages m, Publication p, PublishedScore s) {
    return standing(m, s, teamSize(p, s.team()), p.scores().size());
  }

  private static List<CardElement> standing(
      Messages m, PublishedScore s, long teamSize, int companySize) {
    return List.of(
        new CardElement.Field(m.get("card.scorecard.composite"), text(s.composite())),
        new CardElement.Field(m.get("card.scorecard.teamRank"), s.teamRank() + "/" + teamSize),
        new CardElement.Field(
            m.get("card.scorecard.companyRank"), s.companyRank() + "/" + companySize));
  }

  /**
   * Each team manager's leaderboard card for a version: the top of each team they manage with the
   * award marked, and the movers against {@code previous} (the version before, or the month
   * before's version in force; none for the very first).
   */
  public Mono<Void> leaderboards(
      Publication p, @Nullable Publication previous, Set<Address> awards) {
    Messages m = talk.messages();
    Map<String, List<PublishedScore>> byTeam =
        p.scores().stream().collect(Collectors.groupingBy(PublishedScore::team));
    return Flux.fromIterable(directory.teams())
        .filter(t -> byTeam.containsKey(t.id()))
        .concatMap(
            t -> {
              List<CardElement> elements = new ArrayList<>();
              List<PublishedScore> team =
                  byTeam.get(t.id()).stream()
                      .sorted(Comparator.comparingInt(PublishedScore::teamRank))
                      .toList();
              for (PublishedScore s : team.subList(0, Math.min(TOP, team.size()))) {
                elements.add(
                    new CardElement.Field(
                        m.get("card.leaderboard.place", s.teamRank()),
                        m.get(
                            awards.contains(s.rep())
                                ? "card.leaderboard.lineAward"
                                : "card.leaderboard.line",
                            directory.displayName(s.rep()),
                            text(s.composite()),
                            s.companyRank())));
              }
              elements.addAll(movers(m, team, previous));
              elements.add(new CardElement.Note(m.get("card.scorecard.note", p.version())));
              String id = "leaderboard-" + p.period() + "-v" + p.version() + "-" + t.id();
              Card card =
                  new Card(
                      id,
                      1,
                      CardType.REPORT,
                      m.get("card.leaderboard.title", t.name(), p.period().toString()),
                      elements,
                      List.of());
              return talk.replies()
                  .perPlatform(List.of(t.manager()), (r, x) -> new DeliverCard(id + x, card, r));
            })
        .then();
  }

  private List<CardElement> movers(
      Messages m, List<PublishedScore> team, @Nullable Publication previous) {
    if (previous == null) {
      return List.of();
    }
    record Move(PublishedScore now, int before) {
      int by() {
        return before - now.companyRank();
      }
    }
    List<Move> moves =
        team.stream()
            .flatMap(s -> previous.score(s.rep()).map(b -> new Move(s, b.companyRank())).stream())
            .filter(mv -> mv.by() != 0)
            .sorted(Comparator.comparingInt((Move mv) -> Math.abs(mv.by())).reversed())
            .limit(TOP)
            .toList();
    if (moves.isEmpty()) {
      return List.of(
          new CardElement.Field(
              m.get("card.leaderboard.movers"), m.get("card.leaderboard.noMovers")));
    }
    return List.of(
        new CardElement.Field(
            m.get("card.leaderboard.movers"),
            moves.stream()
                .map(
                    mv ->
                        m.get(
                            mv.by() > 0 ? "card.leaderboard.up" : "card.leaderboard.down",
                            directory.displayName(mv.now().rep()),
                            Math.abs(mv.by()),
                            mv.before(),
                            mv.now().companyRank()))
                .collect(Collectors.joining("；"))));
  }

  /**
   * Tells a rep what a rollback (or a version published for a dispute) changed for them: notice
   * {@code key} with one line before, one after.
   */
  public Mono<Void> changed(
      String key,
      String commandId,
      YearMonth period,
      int to,
      Address rep,
      @Nullable PublishedScore before,
      boolean awardBefore,
      @Nullable PublishedScore after,
      boolean awardAfter) {
    Messages m = talk.messages();
    String text =
        m.get(key, period.toString(), to, line(m, before, awardBefore), line(m, after, awardAfter));
    return talk.replies().text(commandId, text, List.of(rep));
  }

  /** Tells a rep's manager that the rep joined (or, after a rollback, left) the talent pool. */
  public Mono<Void> talentPool(String commandId, YearMonth month, Address rep, boolean joined) {
    Messages m = talk.messages();
    return directory
        .teamOf(rep)
        .map(Team::manager)
        .map(
            manager ->
                talk.replies()
                    .text(
                        commandId,
                        m.get(
                            joined ? "notice.talentPool.joined" : "notice.talentPool.left",
                            directory.displayName(rep),
                            month.toString(),
                            io.salesbot.core.score.domain.Awards.STREAK),
                        List.of(manager)))
        .orElse(Mono.empty());
  }

  /**
   * Tells every rep whose team rank, company rank or award differs between {@code from} and {@code
   * to} what changed for them (notice {@code key}, one line before and one after); how many were
   * told. Command ids start with {@code id}, so a repeat tells nobody twice.
   */
  Mono<Integer> tellChanged(String key, String id, Publication from, Publication to) {
    Set<Address> awardsBefore = Awards.excellence(from.scores());
    Set<Address> awardsAfter = Awards.excellence(to.scores());
    Set<Address> reps = new LinkedHashSet<>();
    to.scores().forEach(s -> reps.add(s.rep()));
    from.scores().forEach(s -> reps.add(s.rep()));
    List<Address> changed =
        reps.stream()
            .filter(
                r ->
                    differs(
                        from.score(r).orElse(null),
                        to.score(r).orElse(null),
                        awardsBefore.contains(r),
                        awardsAfter.contains(r)))
            .toList();
    return Flux.fromIterable(changed)
        .concatMap(
            r ->
                changed(
                    key,
                    id + "-" + r,
                    to.period(),
                    to.version(),
                    r,
                    from.score(r).orElse(null),
                    awardsBefore.contains(r),
                    to.score(r).orElse(null),
                    awardsAfter.contains(r)))
        .then(Mono.just(changed.size()));
  }

  private static boolean differs(
      @Nullable PublishedScore before,
      @Nullable PublishedScore after,
      boolean awardBefore,
      boolean awardAfter) {
    if (before == null || after == null) {
      return !Objects.equals(before, after);
    }
    return before.teamRank() != after.teamRank()
        || before.companyRank() != after.companyRank()
        || awardBefore != awardAfter;
  }

  private static String line(Messages m, @Nullable PublishedScore s, boolean award) {
    if (s == null) {
      return m.get("notice.scorecard.notScored");
    }
    return m.get(
        award ? "notice.scorecard.lineAward" : "notice.scorecard.line",
        text(s.composite()),
        s.teamRank(),
        s.companyRank());
  }

  private Mono<Void> image(String id, Chart chart, List<Address> to) {
    return charts
        .png(chart)
        .flatMap(
            png -> {
              String imageId = imageId();
              return images
                  .put(imageId, png, talk.clock().instant())
                  .then(
                      talk.replies()
                          .perPlatform(
                              to, (r, x) -> new SendImage(id + x, imageId, chart.title(), r)));
            });
  }

  /** A random id: chart images are served without a login, so the id must not be guessable. */
  private static String imageId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static long teamSize(Publication p, String team) {
    return p.scores().stream().filter(o -> o.team().equals(team)).count();
  }

  // Numbers go to the bundle as text: MessageFormat would group and localise them.
  private static String text(BigDecimal v) {
    return v.toPlainString();
  }

  private static String label(ScorecardModel m, String dimension) {
    return m.dimensions().stream()
        .filter(d -> d.id().equals(dimension))
        .map(Dimension::label)
        .findFirst()
        .orElse(dimension);
  }
}
