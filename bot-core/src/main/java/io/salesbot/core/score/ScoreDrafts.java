package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.DimensionScore;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.score.domain.ScoreCalculator;
import io.salesbot.core.score.domain.ScoreInput;
import io.salesbot.core.score.domain.Scorecard;
import io.salesbot.core.score.domain.ScorecardModel;
import io.salesbot.core.score.domain.ScorecardModels;
import io.salesbot.core.score.domain.Tallies;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A period's draft scorecards, computed from the counted records as they are now with the model in
 * force in that period ({@link ScorecardModels#forPeriod}): every member of every team is scored (a
 * rep in two teams with the first). Nothing is stored; publication will freeze a version.
 *
 * <p>Two reads give the same scores: {@link #of} asks the store for the records reduced per rep and
 * kind ({@link Records#tallies}, {@link Records#receivables}: a few rows per rep, grouped in the
 * store), {@link #draft} reads the records themselves, for what must name them (the records behind
 * each figure, their versions for {@code /publish}).
 */
public final class ScoreDrafts {
  /** What the months before a period contribute to its scores: payment rates. */
  private static final Set<RecordType> EARLIER = Set.of(RecordType.CONTRACT, RecordType.PAYMENT);

  private final Records records;
  private final TeamDirectory directory;
  private final Supplier<ScorecardModels> models;
  private final Supplier<RecordRules> rules;

  public ScoreDrafts(
      Records records,
      TeamDirectory directory,
      Supplier<ScorecardModels> models,
      Supplier<RecordRules> rules) {
    this.records = records;
    this.directory = directory;
    this.models = models;
    this.rules = rules;
  }

  /**
   * A period's drafts, best first, with the version of each record they were computed from (read in
   * the same query, so a version frozen by {@code /publish} is the one its score counted).
   */
  public record Draft(List<Scorecard> cards, Map<RecordKey, Integer> versions) {}

  /**
   * The drafts of {@code period}, best first, without the records behind each figure ({@link
   * DimensionScore#records} empty; {@link #traced} has them): computed from the store's tallies,
   * not its records. What {@code /score}, {@code /leaderboard} and the console show.
   */
  public Mono<List<Scorecard>> of(YearMonth period) {
    ZoneId zone = rules.get().zone();
    ScorecardModel m = models.get().forPeriod(period);
    Map<Address, String> teams = teams();
    Instant from = start(period.minusMonths(ScoreCalculator.LOOKBACK_MONTHS), zone);
    Mono<Map<String, Map<Address, List<BigDecimal>>>> history =
        m.dimensions().stream().noneMatch(Dimension::fromHistory)
            ? Mono.just(Map.of())
            : Flux.range(1, ScoreCalculator.HISTORY_PERIODS)
                .map(i -> period.minusMonths(ScoreCalculator.HISTORY_PERIODS + 1L - i))
                .concatMap(earlier -> tallies(earlier, from, zone, teams, Map.of()))
                .map(earlier -> ScoreCalculator.figures(m, earlier))
                .collectList()
                .map(ScoreDrafts::history);
    return history
        .flatMap(h -> tallies(period, from, zone, teams, h))
        .map(t -> ScoreCalculator.compute(m, t));
  }

  /** The drafts of {@code period} with the records behind each figure ({@code /score … detail}). */
  public Mono<List<Scorecard>> traced(YearMonth period) {
    return draft(period).map(Draft::cards);
  }

  /** The drafts of {@code period} and the versions of the records behind them. */
  public Mono<Draft> draft(YearMonth period) {
    ZoneId zone = rules.get().zone();
    ScorecardModel m = models.get().forPeriod(period);
    Map<Address, String> teams = teams();
    Instant from = start(period.minusMonths(ScoreCalculator.LOOKBACK_MONTHS), zone);
    Instant begins = start(period, zone);
    Instant to = start(period.plusMonths(1), zone);
    // of the months before, a period's scores read only contracts and payments (payment rates),
    // unless a dimension takes its target from the rep's history
    Flux<RecordVersion> read =
        m.dimensions().stream().anyMatch(Dimension::fromHistory)
            ? records.counted(from, to)
            : Flux.concat(records.counted(from, begins, EARLIER), records.counted(begins, to));
    return read.collectList()
        .map(
            counted -> {
              List<SalesRecord> found = new ArrayList<>(counted.size());
              Map<RecordKey, Integer> versions = new HashMap<>(counted.size() * 2);
              for (RecordVersion v : counted) {
                found.add(v.record());
                versions.put(v.key(), v.version());
              }
              return new Draft(
                  ScoreCalculator.compute(
                      m,
                      new ScoreInput(
                          period, zone, teams, found, history(m, period, zone, teams, found))),
                  versions);
            });
  }

  /** Every member of every team with their team id (a rep in two teams with the first). */
  private Map<Address, String> teams() {
    Map<Address, String> teams = new HashMap<>();
    for (Team t : directory.teams()) {
      for (Member member : t.members()) {
        teams.putIfAbsent(member.id(), t.id());
      }
    }
    return teams;
  }

  /**
   * The tallies of {@code month} from the store: its records per rep and kind, and its payment
   * rates' contracts with the payments on them since {@code paymentsFrom}.
   */
  private Mono<Tallies> tallies(
      YearMonth month,
      Instant paymentsFrom,
      ZoneId zone,
      Map<Address, String> teams,
      Map<String, Map<Address, List<BigDecimal>>> history) {
    Instant begins = start(month, zone);
    Instant to = start(month.plusMonths(1), zone);
    Instant contractsFrom = start(month.minusMonths(ScoreCalculator.RECEIVABLE_MONTHS), zone);
    return Mono.zip(
            records.tallies(begins, to).collectList(),
            records.receivables(contractsFrom, paymentsFrom, begins, to).collectList())
        .map(t -> new Tallies(month, teams, t.getT1(), t.getT2(), history));
  }

  /** The month of {@code at} in the organisation's time zone. */
  public YearMonth periodOf(Instant at) {
    return rules.get().period(at);
  }

  private static Instant start(YearMonth month, ZoneId zone) {
    return month.atDay(1).atStartOfDay(zone).toInstant();
  }

  /** For dimensions whose targets come from history: each rep's figures of the periods before. */
  private static Map<String, Map<Address, List<BigDecimal>>> history(
      ScorecardModel m,
      YearMonth period,
      ZoneId zone,
      Map<Address, String> teams,
      List<SalesRecord> found) {
    if (m.dimensions().stream().noneMatch(Dimension::fromHistory)) {
      return Map.of();
    }
    List<Map<String, Map<Address, BigDecimal>>> earlier = new ArrayList<>();
    for (int back = ScoreCalculator.HISTORY_PERIODS; back >= 1; back--) {
      earlier.add(
          ScoreCalculator.figures(
              m, new ScoreInput(period.minusMonths(back), zone, teams, found, Map.of())));
    }
    return history(earlier);
  }

  /** The figures of the periods before, oldest first, as each rep's history per dimension. */
  private static Map<String, Map<Address, List<BigDecimal>>> history(
      List<Map<String, Map<Address, BigDecimal>>> earlier) {
    Map<String, Map<Address, List<BigDecimal>>> history = new HashMap<>();
    for (Map<String, Map<Address, BigDecimal>> figures : earlier) {
      figures.forEach(
          (dim, byRep) ->
              byRep.forEach(
                  (rep, value) ->
                      history
                          .computeIfAbsent(dim, k -> new HashMap<>())
                          .computeIfAbsent(rep, k -> new ArrayList<>())
                          .add(value)));
    }
    return history;
  }
}
