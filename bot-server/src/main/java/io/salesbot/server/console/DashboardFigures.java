package io.salesbot.server.console;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.domain.Scorecard;
import io.salesbot.core.score.domain.ScorecardModels;
import io.salesbot.core.sla.ResponseFigures;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.sla.domain.ResponseReport;
import io.salesbot.core.sla.domain.SlaClock;
import io.salesbot.core.sla.domain.SlaReport;
import io.salesbot.core.stage.DealReports;
import io.salesbot.core.stage.domain.Funnel;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportPeriod;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The dashboards' figures, from the same ports and use cases as the chat commands — {@code /funnel}
 * and {@code /stalled} ({@link DealReports#funnel}, {@link DealReports#stalled}), {@code /kpi}
 * ({@link DealReports#kpis}, by week as its trend chart), {@code /pool} and {@code /sla} ({@link
 * Leads#poolSize}, {@link SlaClocks#startedSince}, {@link ResponseFigures#report}), {@code /绩效} and
 * {@code /排行} ({@link ScoreDrafts#of}) — with the same report query (period, stall thresholds, time
 * to act), so a figure here equals the chat's. As JSON-ready maps: numbers as numbers, rates as
 * percentages to one decimal, durations in days or minutes; null where there is nothing to divide.
 */
final class DashboardFigures {
  /** The reports' time zone, as the chat commands read periods (ReportSupport.ZONE). */
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /** At most this many weeks in the KPI trend, as {@code /kpi}'s chart. */
  static final int MAX_WEEKS = 12;

  /** At most this many stalled deals listed. */
  static final int STALLED_LIMIT = 50;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd").withZone(ZONE);

  /**
   * What the figures are read from.
   *
   * @param actWithin how long a manager has to decide a skip for it to count as timely ({@code
   *     salesbot.reports.act-within}), as the chat's reports use it
   */
  record Sources(
      DealReports reports,
      StageModel model,
      Duration actWithin,
      Leads leads,
      SlaClocks clocks,
      ResponseFigures response,
      ScoreDrafts drafts,
      ScorecardModels scorecards) {}

  private final Sources s;
  private final TeamDirectory directory;
  private final Clock clock;

  DashboardFigures(Sources sources, TeamDirectory directory, Clock clock) {
    this.s = sources;
    this.directory = directory;
    this.clock = clock;
  }

  /** The period a word names ({@code 7d}, {@code 30d}, {@code 2026-11}, …) as the chat reads it. */
  Optional<ReportPeriod> period(@Nullable String word) {
    Instant now = clock.instant();
    if (word == null || word.isBlank()) {
      return Optional.of(ReportPeriod.lastDays(30, now));
    }
    return ReportPeriod.parse(word, now, ZONE);
  }

  /** The month a word names ({@code 2026-11}), else this month as the scorecards count it. */
  Optional<YearMonth> month(@Nullable String word) {
    if (word == null || word.isBlank()) {
      return Optional.of(s.drafts().periodOf(clock.instant()));
    }
    try {
      YearMonth m = YearMonth.parse(word.strip());
      return m.isAfter(s.drafts().periodOf(clock.instant())) ? Optional.empty() : Optional.of(m);
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private ReportQuery query(Team team, ReportPeriod period) {
    return new ReportQuery(
        team.id(),
        period.from(),
        period.to(),
        clock.instant(),
        ReportQuery.stalledAfter(s.model()),
        s.actWithin());
  }

  /** {@code /funnel}'s figures: per stage now, stalled, reached, conversions and dwell. */
  Mono<Map<String, Object>> funnel(Team team, ReportPeriod period) {
    return s.reports()
        .funnel(query(team, period), s.model().stages().size())
        .map(
            funnel -> {
              List<Map<String, Object>> rows = new ArrayList<>();
              for (Funnel.Row row : funnel.rows()) {
                int i = row.stage();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("stage", i);
                r.put("name", s.model().stage(i).name());
                r.put("now", row.now());
                r.put("stalled", row.stalled());
                r.put("reached", row.reached());
                r.put("reachedInOrder", row.reachedInOrder());
                r.put("conversionFromPrevious", percent(funnel.conversionFromPrevious(i)));
                r.put("conversionFromFirst", percent(funnel.conversionFromFirst(i)));
                r.put("inOrderFromFirst", percent(funnel.inOrderFromFirst(i)));
                r.put("averageDwellDays", days(row.averageDwell()));
                r.put("medianDwellDays", days(row.medianDwell()));
                rows.add(r);
              }
              Map<String, Object> out = head(team, period);
              out.put("stages", rows);
              return out;
            });
  }

  /**
   * {@code /kpi}'s figures for the period, and its rates week by week (the last 12 weeks): one
   * {@link DealReports#kpis(List)} call for the period and its weeks, as {@code /kpi} reads them.
   */
  Mono<Map<String, Object>> kpis(Team team, ReportPeriod period) {
    ReportQuery q = query(team, period);
    List<Instant> starts = new ArrayList<>();
    for (Instant w = q.from(); w.isBefore(q.to()); w = w.plus(Duration.ofDays(7))) {
      starts.add(w);
    }
    List<Instant> last = starts.subList(Math.max(0, starts.size() - MAX_WEEKS), starts.size());
    List<ReportQuery> periods = new ArrayList<>(List.of(q));
    for (Instant w : last) {
      Instant end =
          w.plus(Duration.ofDays(7)).isBefore(q.to()) ? w.plus(Duration.ofDays(7)) : q.to();
      periods.add(q.during(w, end));
    }
    return s.reports()
        .kpis(periods)
        .map(
            all -> {
              List<Map<String, Object>> weeks = new ArrayList<>();
              for (int i = 0; i < last.size(); i++) {
                Map<String, Object> week = new LinkedHashMap<>();
                week.put("week", DAY.format(last.get(i)));
                rates(all.get(i + 1), week);
                weeks.add(week);
              }
              KpiFigures k = all.get(0);
              Map<String, Object> now = new LinkedHashMap<>();
              now.put("averageCycleDays", days(k.averageCycle()));
              now.put("open", k.open());
              now.put("stalled", k.stalled());
              now.put("forwardMoves", k.forwardMoves());
              now.put("forwardInOrder", k.forwardInOrder());
              now.put("interventions", k.interventions());
              now.put("timelyInterventions", k.timelyInterventions());
              now.put("won", k.won());
              now.put("lost", k.lost());
              now.put("medianFirstResponseMinutes", minutes(k.medianFirstResponse()));
              rates(k, now);
              Map<String, Object> out = head(team, period);
              out.put("figures", now);
              out.put("weeks", weeks);
              return out;
            });
  }

  private static void rates(KpiFigures k, Map<String, Object> into) {
    into.put("inOrderRate", percent(k.inOrderRate()));
    into.put("stallRate", percent(k.stallRate()));
    into.put("timelyRate", percent(k.timelyRate()));
    into.put("winRate", percent(k.winRate()));
  }

  /** {@code /stalled}: open deals without progress past their stage's threshold, longest first. */
  Mono<Map<String, Object>> stalled(Team team, ReportPeriod period) {
    Instant now = clock.instant();
    return s.reports()
        .stalled(query(team, period), STALLED_LIMIT)
        .map(
            d -> {
              Map<String, Object> r = new LinkedHashMap<>();
              r.put("dealId", d.dealId());
              r.put("href", "/console/leads/" + d.dealId());
              r.put("owner", d.owner().toString());
              r.put("ownerName", directory.displayName(d.owner()));
              r.put("stage", d.stage());
              r.put("stageName", s.model().stage(Math.min(d.stage(), s.model().last())).name());
              r.put("lastProgressAt", d.lastProgressAt().toString());
              r.put("idleDays", days(Duration.between(d.lastProgressAt(), now)));
              return r;
            })
        .collectList()
        .map(
            rows -> {
              Map<String, Object> out = head(team, period);
              out.put("deals", rows);
              return out;
            });
  }

  /**
   * {@code /pool} and {@code /sla}: leads waiting in the pool, and the first-touch figures of the
   * leads claimed in the last {@code days} days, for the team and per rep.
   */
  Mono<Map<String, Object>> sla(Team team, int days) {
    Instant since = clock.instant().minus(Duration.ofDays(days));
    // the clocks read once, for the SLA figures and for the response figures
    return s.clocks()
        .startedSince(team.id(), since)
        .collectList()
        .flatMap(
            clocks ->
                Mono.zip(
                    s.leads().poolSize(team.id()),
                    Mono.just(clocks),
                    s.response().report(team, clocks)))
        .map(
            t -> {
              List<SlaClock> clocks = t.getT2();
              SlaReport all = SlaReport.of(clocks);
              Map<Address, List<SlaClock>> byRep = new LinkedHashMap<>();
              team.members().forEach(m -> byRep.put(m.id(), new ArrayList<>()));
              clocks.forEach(c -> byRep.computeIfAbsent(c.owner(), o -> new ArrayList<>()).add(c));
              List<Map<String, Object>> reps = new ArrayList<>();
              byRep.forEach(
                  (rep, theirs) -> {
                    SlaReport r = SlaReport.of(theirs);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("rep", rep.toString());
                    row.put("name", directory.displayName(rep));
                    row.put("claimed", r.clocks());
                    row.put("contacted", r.contacted());
                    row.put("medianMinutes", minutes(r.median()));
                    row.put("p90Minutes", minutes(r.p90()));
                    row.put("breaches", r.breachesByRep().getOrDefault(rep, 0));
                    reps.add(row);
                  });
              ResponseReport resp = t.getT3();
              Map<String, Object> response = new LinkedHashMap<>();
              response.put("leads", resp.leads());
              response.put("claimMedianMinutes", minutes(resp.claimMedian()));
              response.put("claimP90Minutes", minutes(resp.claimP90()));
              response.put("touchMedianMinutes", minutes(resp.touchMedian()));
              response.put("totalMedianMinutes", minutes(resp.totalMedian()));
              response.put("totalP90Minutes", minutes(resp.totalP90()));
              response.put("claimedLate", resp.claimedLate());
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("team", Map.of("id", team.id(), "name", team.name()));
              out.put("days", days);
              out.put("pool", t.getT1());
              out.put("claimed", all.clocks());
              out.put("contacted", all.contacted());
              out.put("medianMinutes", minutes(all.median()));
              out.put("p90Minutes", minutes(all.p90()));
              out.put("breaches", all.breachesByRep().values().stream().mapToInt(i -> i).sum());
              out.put("reps", reps);
              out.put("response", response);
              return out;
            });
  }

  /** The month's draft scorecards of the team's reps, best first (the leaderboard). */
  Mono<Map<String, Object>> scores(Team team, YearMonth month) {
    return s.drafts()
        .of(month)
        .map(
            cards -> {
              List<Map<String, Object>> rows = new ArrayList<>();
              for (Scorecard c : cards) {
                if (c.team().equals(team.id())) {
                  rows.add(card(c));
                }
              }
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("team", Map.of("id", team.id(), "name", team.name()));
              out.put("month", month.toString());
              out.put("axes", axes(month));
              out.put("reps", rows);
              return out;
            });
  }

  /** One rep's draft scorecard of {@code month}, if they have one. */
  Mono<Optional<Map<String, Object>>> scoreOf(Address rep, YearMonth month) {
    return s.drafts()
        .of(month)
        .map(cards -> cards.stream().filter(c -> c.rep().equals(rep)).findFirst().map(this::card));
  }

  private Map<String, Object> card(Scorecard c) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rep", c.rep().toString());
    r.put("name", directory.displayName(c.rep()));
    r.put("teamRank", c.teamRank());
    r.put("companyRank", c.companyRank());
    r.put("composite", number(c.composite()));
    Map<String, Object> axes = new LinkedHashMap<>();
    c.axes().forEach((id, score) -> axes.put(id, number(score)));
    r.put("axes", axes);
    return r;
  }

  /** The axes {@code month} is scored by as (id, label), in the model's order. */
  List<Map.Entry<String, String>> axisLabels(YearMonth month) {
    return s.scorecards().forPeriod(month).axes().stream()
        .map(a -> Map.entry(a.id(), a.label()))
        .toList();
  }

  /** The axes {@code month} is scored by, id and label, in the model's order. */
  private List<Map<String, Object>> axes(YearMonth month) {
    return s.scorecards().forPeriod(month).axes().stream()
        .map(a -> Map.<String, Object>of("id", a.id(), "label", a.label()))
        .toList();
  }

  private static Map<String, Object> head(Team team, ReportPeriod period) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("team", Map.of("id", team.id(), "name", team.name()));
    out.put("from", period.from().toString());
    out.put("to", period.to().toString());
    return out;
  }

  private static double number(BigDecimal value) {
    return value.doubleValue();
  }

  /** A ratio as a percentage to one decimal, as the chat shows it; null for none. */
  static @Nullable Double percent(@Nullable Double ratio) {
    return ratio == null ? null : Math.round(ratio * 1000) / 10.0;
  }

  /** Days to one decimal, as the chat shows them; null for none. */
  static @Nullable Double days(@Nullable Duration d) {
    return d == null ? null : Math.round(d.toMinutes() / 144.0) / 10.0;
  }

  /** Minutes to one decimal, as the chat shows them; null for none. */
  static @Nullable Double minutes(@Nullable Duration d) {
    return d == null ? null : Math.round(d.toSeconds() / 6.0) / 10.0;
  }
}
