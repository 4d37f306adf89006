package io.salesbot.bench;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.routing.RuleRouter;
import io.salesbot.core.routing.domain.Condition;
import io.salesbot.core.routing.domain.RepSelector;
import io.salesbot.core.routing.domain.RepState;
import io.salesbot.core.routing.domain.RoutingDecision;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.Selection;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Routing decisions per second and their latency, in memory: {@link RuleRouter#route} over {@code
 * --rules} explicit rules plus the teams' regions, then {@link RepSelector#select} among the chosen
 * team's reps ({@code --reps} in {@code --teams} teams), with the round-robin turn and the reps'
 * open leads kept in memory (no database, no Redis). Single-threaded, one decision after another;
 * each decision is timed with {@link System#nanoTime()}. Prints a Markdown report and writes it to
 * {@code --out}.
 *
 * <p>Options ({@code --name=value}): reps (10000), rules (200), teams (100), warmup-seconds (10),
 * seconds (20), seed (42), out (benchmarks/target/routing-report.md).
 */
public final class RoutingBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-26T02:00:00Z");
  private static final int REGIONS = 40;
  private static final int INDUSTRIES = 20;
  private static final int PRODUCTS = 20;

  private RoutingBenchmark() {}

  /** The teams, each rep's state and each team's turn, all in memory. */
  private static final class World implements TeamDirectory {
    final List<Team> teams;
    final Map<String, Team> byId = new HashMap<>();
    final Map<String, TeamPolicy> policies = new HashMap<>();
    final Map<String, RepState[]> states = new HashMap<>();
    final Map<String, long[]> turns = new HashMap<>();
    final Map<Address, Team> teamOf = new HashMap<>();
    long routeNanos;

    World(List<Team> teams, Random random) {
      this.teams = List.copyOf(teams);
      Strategy[] strategies = {
        Strategy.ROUND_ROBIN, Strategy.ROUND_ROBIN, Strategy.LEAST_LOADED, Strategy.SKILL
      };
      for (int i = 0; i < teams.size(); i++) {
        Team t = teams.get(i);
        byId.put(t.id(), t);
        policies.put(t.id(), TeamPolicy.DEFAULT.withStrategy(strategies[i % strategies.length]));
        RepState[] s = new RepState[t.members().size()];
        for (int j = 0; j < s.length; j++) {
          s[j] = new RepState(t.members().get(j), random.nextInt(10) != 0, random.nextInt(5), 0);
          teamOf.put(t.members().get(j).id(), t);
        }
        states.put(t.id(), s);
        turns.put(t.id(), new long[1]);
      }
    }

    @Override
    public List<Team> teams() {
      return teams;
    }

    @Override
    public Optional<Team> team(String teamId) {
      return Optional.ofNullable(byId.get(teamId));
    }

    @Override
    public Team defaultTeam() {
      return teams.get(0);
    }

    @Override
    public Optional<Team> teamOf(Address rep) {
      return Optional.ofNullable(teamOf.get(rep));
    }

    /** One decision: the team by the rules, then the rep; the rep's load goes up by one. */
    Selection decide(RuleRouter router, LeadSubmission lead, long tieBreak) {
      long t0 = System.nanoTime();
      RoutingDecision d = router.route(lead);
      routeNanos = System.nanoTime() - t0;
      Team team = d.team();
      RepState[] s = states.get(team.id());
      long[] turn = turns.get(team.id());
      Selection sel =
          RepSelector.select(
              team,
              policies.get(team.id()),
              Arrays.asList(s),
              Set.of(),
              turn[0]++,
              lead,
              NOW,
              tieBreak);
      if (sel instanceof Selection.Offer) {
        Address rep = ((Selection.Offer) sel).rep();
        for (int i = 0; i < s.length; i++) {
          if (s[i].member().id().equals(rep)) {
            RepState r = s[i];
            // Keep loads bounded: a rep closes a lead as often as they get one, on average.
            int open = r.openLeads() >= 8 ? 0 : r.openLeads() + 1;
            s[i] = new RepState(r.member(), r.onDuty(), open, r.claimsToday());
            break;
          }
        }
      }
      return sel;
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> o = options(args);
    int reps = Integer.parseInt(o.getOrDefault("reps", "10000"));
    int ruleCount = Integer.parseInt(o.getOrDefault("rules", "200"));
    int teamCount = Integer.parseInt(o.getOrDefault("teams", "100"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup-seconds", "10"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
    long seed = Long.parseLong(o.getOrDefault("seed", "42"));
    Path out = Path.of(o.getOrDefault("out", "benchmarks/target/routing-report.md"));
    Random random = new Random(seed);

    List<List<Member>> members = new ArrayList<>();
    for (int t = 0; t < teamCount; t++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < reps; i++) {
      Set<String> skills =
          random.nextBoolean()
              ? Set.of(
                  "industry-" + random.nextInt(INDUSTRIES), "product-" + random.nextInt(PRODUCTS))
              : Set.of();
      members
          .get(i % teamCount)
          .add(
              new Member(
                  Address.parse("sandbox:rep" + i), "rep" + i, skills, 1 + random.nextInt(5)));
    }
    List<Team> teams = new ArrayList<>();
    for (int t = 0; t < teamCount; t++) {
      List<String> regions = t < REGIONS / 2 ? List.of("region-" + t) : List.of();
      teams.add(
          new Team(
              "team-" + t,
              "Team " + t,
              regions,
              Address.parse("sandbox:manager" + t),
              "manager" + t,
              members.get(t)));
    }
    World world = new World(teams, random);

    List<RoutingRule> rules = new ArrayList<>();
    for (int r = 0; r < ruleCount; r++) {
      List<Condition> cs = new ArrayList<>();
      cs.add(
          Condition.in(
              "region", "region-" + random.nextInt(REGIONS), "region-" + random.nextInt(REGIONS)));
      if (random.nextBoolean()) {
        cs.add(Condition.equalTo("industry", "industry-" + random.nextInt(INDUSTRIES)));
      }
      if (random.nextInt(3) == 0) {
        cs.add(Condition.prefix("product", "product-" + random.nextInt(PRODUCTS / 10)));
      }
      if (random.nextInt(4) == 0) {
        cs.add(Condition.equalTo("attributes.channel", "channel-" + random.nextInt(5)));
      }
      rules.add(new RoutingRule("R" + r, cs, "team-" + random.nextInt(teamCount)));
    }
    List<RoutingRule> frozen = List.copyOf(rules);
    RuleRouter router = new RuleRouter(world, () -> frozen);

    LeadSubmission[] leads = new LeadSubmission[4096];
    for (int i = 0; i < leads.length; i++) {
      leads[i] =
          new LeadSubmission(
              "intake-" + i,
              "web",
              "lead" + i,
              null,
              null,
              random.nextInt(10) == 0 ? null : "region-" + random.nextInt(REGIONS),
              "industry-" + random.nextInt(INDUSTRIES),
              "product-" + random.nextInt(PRODUCTS),
              null,
              null,
              null,
              Map.of("channel", "channel-" + random.nextInt(5)),
              random.nextInt(5) == 0 ? Priority.HOT : Priority.NORMAL);
    }

    // Where the leads go, once, before timing: explicit rule, team regions, default team.
    int explicit = 0;
    int regional = 0;
    for (LeadSubmission lead : leads) {
      String why = router.route(lead).reason();
      if (why.startsWith("rule ")) {
        explicit++;
      } else if (!why.startsWith("no rule matched")) {
        regional++;
      }
    }

    long sink = 0;
    long end = System.nanoTime() + warmup * 1_000_000_000L;
    long n = 0;
    while (System.nanoTime() < end) {
      sink += world.decide(router, leads[(int) (n & (leads.length - 1))], n).hashCode();
      n++;
    }

    long[] latencies = new long[1 << 20];
    long[] routeLatencies = new long[1 << 20];
    int count = 0;
    int offers = 0;
    int broadcasts = 0;
    int nobody = 0;
    long start = System.nanoTime();
    end = start + seconds * 1_000_000_000L;
    long now = start;
    while (now < end) {
      LeadSubmission lead = leads[(int) (n & (leads.length - 1))];
      long t0 = System.nanoTime();
      Selection s = world.decide(router, lead, n);
      now = System.nanoTime();
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
        routeLatencies = Arrays.copyOf(routeLatencies, routeLatencies.length * 2);
      }
      routeLatencies[count] = world.routeNanos;
      latencies[count++] = now - t0;
      if (s instanceof Selection.Offer) {
        offers++;
      } else if (s instanceof Selection.Broadcast) {
        broadcasts++;
      } else {
        nobody++;
      }
      sink += s.reason().length();
      n++;
    }
    double elapsed = (now - start) / 1e9;
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    long[] routeSorted = Arrays.copyOf(routeLatencies, count);
    Arrays.sort(routeSorted);

    StringBuilder r = new StringBuilder();
    r.append("# Routing decisions (RoutingBenchmark)\n\n");
    r.append(
        String.format(
            Locale.ROOT,
            "Machine: %d cores, JDK %s (%s), %s %s; max heap %d MB.%n%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            Runtime.getRuntime().maxMemory() / (1024 * 1024)));
    r.append(
        String.format(
            Locale.ROOT,
            "Setup: %,d reps in %d teams (weights 1–5, 90%% on duty; strategies round-robin ×2,"
                + " least-loaded, skill), %d explicit rules + %d team-region rules, %,d distinct"
                + " leads (%.0f%% by an explicit rule, %.0f%% by team regions, %.0f%% to the"
                + " default team); one thread, %d s warm-up, %d s measured.%n%n",
            reps,
            teamCount,
            ruleCount,
            Math.min(teamCount, REGIONS / 2),
            leads.length,
            100.0 * explicit / leads.length,
            100.0 * regional / leads.length,
            100.0 * (leads.length - explicit - regional) / leads.length,
            warmup,
            seconds));
    r.append("| decisions | per second | p50 | p90 | p99 | p99.9 | max |\n");
    r.append("|---|---|---|---|---|---|---|\n");
    r.append(
        String.format(
            Locale.ROOT,
            "| %,d | %,.0f | %s | %s | %s | %s | %s |%n%n",
            count,
            count / elapsed,
            micros(pct(sorted, 50)),
            micros(pct(sorted, 90)),
            micros(pct(sorted, 99)),
            micros(pct(sorted, 99.9)),
            micros(sorted[sorted.length - 1])));
    r.append(
        String.format(
            Locale.ROOT,
            "Of which `RuleRouter.route` alone: p50 %s, p99 %s (the rest is `RepSelector.select`"
                + " and the in-memory state update).%n%n",
            micros(pct(routeSorted, 50)),
            micros(pct(routeSorted, 99))));
    r.append(
        String.format(
            Locale.ROOT,
            "Outcomes: %,d offers, %,d broadcasts, %,d nobody. GC: %s.%n",
            offers,
            broadcasts,
            nobody,
            gc()));
    System.out.print(r);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, r);
    if (sink == 42) {
      System.out.println();
    }
  }

  private static long pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.1f µs", nanos / 1000.0);
  }

  private static String gc() {
    long count = 0;
    long millis = 0;
    for (var b : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, b.getCollectionCount());
      millis += Math.max(0, b.getCollectionTime());
    }
    return count + " collections, " + millis + " ms";
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + a);
      }
      o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return o;
  }
}
