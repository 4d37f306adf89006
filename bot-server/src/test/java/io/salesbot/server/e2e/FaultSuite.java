package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.server.devservices.DevServices;
import io.salesbot.server.devservices.DevServicesSettings;
import io.salesbot.server.e2e.Cluster.Call;
import io.salesbot.server.e2e.Cluster.Sent;
import io.salesbot.server.e2e.Cluster.Team;
import io.salesbot.server.e2e.ServerInstances.Instance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15's fault suite, across processes: three salesbot servers on one PostgreSQL and one Redis
 * (the embedded ones, in this JVM), WeCom played by one WireMock for all of them, the sandbox
 * beside it. Each scenario sends a burst of signed leads to the live instances, injects its fault
 * in the middle, heals it, and then checks that every acknowledged (202) lead is stored once and
 * routed once, that every offer card reached every rep of its team, that no card version went to
 * anyone twice and that WeCom's per-member budget held cluster-wide; the first also claims leads by
 * WeCom clicks and checks that every response-SLA timer fired once.
 *
 * <p>Too slow for the build (three JVMs start in one to three minutes on a busy 2-core machine), so
 * its name keeps it out of surefire's default includes: {@code scripts/faults.sh} runs it and
 * prints the figures ({@code target/faults-report.md}); docs/benchmarks.md, "Faults", has them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FaultSuite {
  private static Cluster cluster;

  @BeforeAll
  static void start() {
    DevServices.shared(DevServicesSettings.of(Path.of("target/it-data")));
    cluster = Cluster.start("fs", Path.of("target/fault-suite"), 3);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** What a burst left: the acknowledged leads and when the fault was healed. */
  record Burst(Map<String, Sent> acknowledged, long startNanos, long healedNanos, Duration took) {
    int size() {
      return acknowledged.size();
    }
  }

  /**
   * Sends {@code sandboxLeads + wecomLeads} leads (the WeCom ones spread evenly) in turn to the
   * live instances, runs {@code fault} after the first third and {@code heal} after the second.
   */
  private static Burst burst(
      String label,
      int sandboxLeads,
      int wecomLeads,
      Team wecomTeam,
      Runnable fault,
      Runnable heal) {
    List<Instance> to = cluster.instances().stream().filter(Instance::alive).toList();
    int total = sandboxLeads + wecomLeads;
    int every = Math.max(1, total / Math.max(1, wecomLeads));
    Map<String, Sent> acknowledged = new LinkedHashMap<>();
    long start = System.nanoTime();
    long healed = start;
    int wecom = 0;
    for (int i = 0; i < total; i++) {
      if (i == total / 3) {
        fault.run();
      }
      if (i == 2 * total / 3) {
        heal.run();
        healed = System.nanoTime();
      }
      boolean toWecom = wecom < wecomLeads && (i % every == 0 || total - i <= wecomLeads - wecom);
      Team team = toWecom ? wecomTeam : cluster.sandboxTeam;
      if (toWecom) {
        wecom++;
      }
      Sent sent =
          cluster.submit(
              cluster.instances().stream().filter(Instance::alive).toList(), i, team, label + i);
      acknowledged.put(sent.intakeId(), sent);
    }
    assertThat(to).isNotEmpty();
    return new Burst(acknowledged, start, healed, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Waits until every acknowledged lead of the burst is routed and every offer card delivered, then
   * checks that nothing was stored, routed or sent twice. Returns the lead ids by intake id and how
   * long after the heal all that was true.
   */
  private static Map<String, String> settle(Burst burst, boolean texts) {
    Map<String, String> leadIds;
    try {
      leadIds =
          await()
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofMillis(500))
              // PostgreSQL may still be in crash recovery ("the database system is in recovery
              // mode") when the first reads come.
              .ignoreExceptionsInstanceOf(IllegalStateException.class)
              .until(
                  () -> cluster.routedLeads(burst.acknowledged().keySet()),
                  m -> m.size() == burst.size());
    } catch (ConditionTimeoutException e) {
      Set<String> missing = new LinkedHashSet<>(burst.acknowledged().keySet());
      missing.removeAll(cluster.routedLeads(missing).keySet());
      Instance alive =
          cluster.instances().stream().filter(Instance::alive).findFirst().orElseThrow();
      throw new AssertionError(
          missing.size()
              + " acknowledged leads not routed within 3 min: "
              + cluster.whereAre(missing)
              + "; dead-lettered: "
              + cluster.deadLetters(alive, missing),
          e);
    }
    assertThat(cluster.leadsPerIntake(burst.acknowledged().keySet()))
        .as("leads per acknowledged intake")
        .allSatisfy((intake, leads) -> assertThat(leads).as(intake).isEqualTo(1));
    assertThat(cluster.auditCounts(leadIds.values(), "routed"))
        .as("routed audit entries per lead")
        .hasSize(burst.size())
        .allSatisfy((lead, n) -> assertThat(n).as(lead).isEqualTo(1));
    Instance alive = cluster.instances().stream().filter(Instance::alive).findFirst().orElseThrow();
    assertThat(cluster.deadLetters(alive, burst.acknowledged().keySet()))
        .as("dead letters")
        .isEmpty();

    Map<String, Team> wecomLeads = new LinkedHashMap<>();
    List<String> sandboxLeads = new ArrayList<>();
    burst
        .acknowledged()
        .forEach(
            (intake, sent) -> {
              if (sent.team().wecom()) {
                wecomLeads.put(leadIds.get(intake), sent.team());
              } else {
                sandboxLeads.add(leadIds.get(intake));
              }
            });
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cluster.offersNotDelivered(wecomLeads), List::isEmpty);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> cluster.sandboxOfferDeliveries(sandboxLeads),
            n -> n == sandboxLeads.size() * (long) cluster.sandboxTeam.reps().size());
    return leadIds;
  }

  /** The WeCom leads of a settled burst. */
  private static List<String> wecomLeads(Burst burst, Map<String, String> leadIds) {
    List<String> out = new ArrayList<>();
    burst
        .acknowledged()
        .forEach(
            (intake, sent) -> {
              if (sent.team().wecom()) {
                out.add(leadIds.get(intake));
              }
            });
    return out;
  }

  /** How many sends more than one per card version and person. */
  private static int extra(Map<String, Integer> duplicates) {
    return duplicates.values().stream().mapToInt(n -> n - 1).sum();
  }

  /**
   * The last checks, after the figures are reported: no card version went to anyone twice, and no
   * WeCom member got more than the cluster-wide budget allows.
   */
  private static void assertNothingDuplicated(Map<String, Integer> duplicates) {
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(duplicates).as("WeCom sends of one card version to one person").isEmpty();
    soft.assertThat(cluster.memberBudgetOverruns()).as("WeCom member budget overruns").isEmpty();
    soft.assertAll();
  }

  private static String millis(long fromNanos) {
    return (System.nanoTime() - fromNanos) / 1_000_000 + " ms";
  }

  @Test
  @Order(1)
  void kill_9_of_one_instance_mid_burst_loses_and_duplicates_nothing() {
    Instance victim = cluster.instances().get(1);
    long[] killedAt = {0};
    Burst burst =
        burst(
            "kill",
            60,
            12,
            cluster.slaTeam,
            () -> {
              victim.kill9();
              killedAt[0] = System.nanoTime();
            },
            () -> {});
    assertThat(cluster.instances().stream().filter(Instance::alive)).hasSize(2);
    Map<String, String> leadIds = settle(burst, true);
    String recovered = millis(killedAt[0]);

    // WeCom clicks to both survivors: every third WeCom lead is claimed.
    List<Instance> alive = cluster.instances().stream().filter(Instance::alive).toList();
    List<String> slaLeads = new ArrayList<>();
    burst
        .acknowledged()
        .forEach(
            (intake, sent) -> {
              if (sent.team().equals(cluster.slaTeam)) {
                slaLeads.add(leadIds.get(intake));
              }
            });
    Set<String> claimed = new LinkedHashSet<>();
    for (int i = 0; i < slaLeads.size(); i += 3) {
      String leadId = slaLeads.get(i);
      String rep = cluster.slaTeam.reps().get((i / 3) % 3);
      Call offer = cluster.awaitOffer(leadId, rep);
      if (cluster.status(leadId).equals("POOLED")) {
        cluster.claimByClick(alive.get((i / 3) % 2), rep, offer, leadId);
        claimed.add(leadId);
      }
    }
    for (String leadId : claimed) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> cluster.status(leadId), "CLAIMED"::equals);
    }

    // Every unclaimed lead's response SLA ran out on one instance or another: no timer of it is
    // left, it was reminded and breached once, and the manager got exactly one escalation.
    List<String> unclaimed = slaLeads.stream().filter(id -> !claimed.contains(id)).toList();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cluster.managerCardsPerLead(unclaimed).size() == unclaimed.size());
    Map<String, Integer> duplicates = cluster.duplicateSends(slaLeads, true);
    cluster.report(
        "kill -9 of one of three instances",
        Map.of(
            "burst",
            burst.size()
                + " leads ("
                + slaLeads.size()
                + " WeCom) in "
                + burst.took().toMillis()
                + " ms",
            "all routed and offered after the kill",
            recovered,
            "claims",
            Integer.toString(claimed.size()),
            "unclaimed leads (response SLA ran out)",
            Integer.toString(unclaimed.size()),
            "lost",
            "0",
            "duplicates",
            Integer.toString(extra(duplicates))));
    assertThat(cluster.pendingTimers(unclaimed, "response")).as("response timers left").isZero();
    assertThat(cluster.auditCounts(unclaimed, "response_breached"))
        .hasSize(unclaimed.size())
        .allSatisfy((lead, n) -> assertThat(n).as(lead).isEqualTo(1));
    assertThat(cluster.auditCounts(unclaimed, "response_reminded"))
        .hasSize(unclaimed.size())
        .allSatisfy((lead, n) -> assertThat(n).as(lead).isEqualTo(1));
    assertThat(cluster.managerCardsPerLead(unclaimed))
        .allSatisfy((lead, n) -> assertThat(n).as("escalations of " + lead).isEqualTo(1));
    assertNothingDuplicated(duplicates);
  }

  @Test
  @Order(2)
  void redis_killed_and_restarted_mid_burst_loses_and_duplicates_nothing() {
    Burst burst = burst("redis", 45, 6, cluster.wecomTeam, Cluster::killRedis, this::startRedis);
    Map<String, Integer> duplicates =
        cluster.duplicateSends(wecomLeads(burst, settle(burst, false)), false);
    cluster.report(
        "Redis killed (SIGKILL) mid-burst, started again on its AOF",
        Map.of(
            "burst",
            burst.size() + " leads (6 WeCom) in " + burst.took().toMillis() + " ms",
            "all routed and offered after Redis was back",
            millis(burst.healedNanos()),
            "lost",
            "0",
            "duplicates",
            Integer.toString(extra(duplicates))));
    assertNothingDuplicated(duplicates);
  }

  private void startRedis() {
    DevServices.redis().start();
  }

  @Test
  @Order(3)
  void postgres_crash_restart_mid_burst_loses_and_duplicates_nothing() {
    Burst burst = burst("pg", 45, 6, cluster.wecomTeam, Cluster::crashPostgres, () -> {});
    Map<String, Integer> duplicates =
        cluster.duplicateSends(wecomLeads(burst, settle(burst, false)), false);
    cluster.report(
        "PostgreSQL crash restart (a backend SIGKILLed) mid-burst",
        Map.of(
            "burst",
            burst.size() + " leads (6 WeCom) in " + burst.took().toMillis() + " ms",
            "all routed and offered after the crash",
            millis(burst.startNanos()),
            "lost",
            "0",
            "duplicates",
            Integer.toString(extra(duplicates))));
    assertNothingDuplicated(duplicates);
  }

  @Test
  @Order(4)
  void wecom_answering_5xx_for_a_while_delays_cards_but_loses_and_duplicates_none() {
    platformFault(
        "WeCom answers HTTP 502",
        () -> cluster.wecomSendAnswers(aResponse().withStatus(502).withBody("bad gateway")));
  }

  @Test
  @Order(5)
  void wecom_throttling_for_a_while_delays_cards_but_loses_and_duplicates_none() {
    platformFault(
        "WeCom answers errcode 45009 (frequency limit)",
        () ->
            cluster.wecomSendAnswers(
                okJson("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")));
  }

  @Test
  @Order(6)
  void wecom_answering_after_the_call_timeout_for_a_while_loses_and_duplicates_none() {
    // WeCom carries each send out but answers after 5 s, past the 3 s call timeout: salesbot
    // cannot know the card arrived and sends it again — with the same task_id, which WeCom does
    // not take twice (Cluster.WecomSends), so no card may reach anyone twice.
    platformFault(
        "WeCom carries sends out but answers after 5 s (call timeout 3 s)",
        () -> cluster.wecomSendAnswersLate(Duration.ofSeconds(5)));
  }

  /**
   * How long a platform fault lasts: a minute, as issue 15 asks ({@code -Dfaults.platform-seconds}
   * shortens it for a quick run).
   */
  private static final Duration PLATFORM_FAULT =
      Duration.ofSeconds(Integer.getInteger("faults.platform-seconds", 60));

  /** A burst of WeCom and sandbox leads while WeCom misbehaves for {@link #PLATFORM_FAULT}. */
  private void platformFault(String scenario, Runnable fault) {
    long[] faultAt = {0};
    Burst burst =
        burst(
            "wecom" + System.nanoTime() % 1000,
            24,
            6,
            cluster.wecomTeam,
            () -> {
              fault.run();
              faultAt[0] = System.nanoTime();
            },
            () -> {});
    // The fault lasts from its start, whatever the burst took.
    long ends = faultAt[0] + PLATFORM_FAULT.toNanos();
    await()
        .atMost(PLATFORM_FAULT.plusSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> System.nanoTime() >= ends);
    cluster.wecomSendWorks();
    long healed = System.nanoTime();
    Map<String, Integer> duplicates =
        cluster.duplicateSends(wecomLeads(burst, settle(burst, false)), false);
    cluster.report(
        scenario + " for " + PLATFORM_FAULT.toSeconds() + " s",
        Map.of(
            "burst",
            burst.size() + " leads (6 WeCom) in " + burst.took().toMillis() + " ms",
            "all offers delivered after WeCom was back",
            millis(healed),
            "lost",
            "0",
            "duplicates",
            Integer.toString(extra(duplicates))));
    assertNothingDuplicated(duplicates);
  }
}
