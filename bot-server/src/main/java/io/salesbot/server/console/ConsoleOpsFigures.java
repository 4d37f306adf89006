package io.salesbot.server.console;

import io.salesbot.adapter.support.SharedAccessToken;
import io.salesbot.core.kernel.QueueBacklog;
import io.salesbot.core.platform.MonthlyQuota;
import io.salesbot.core.platform.domain.DeadLetter;
import io.salesbot.core.routing.domain.Condition;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.Violation;
import io.salesbot.server.console.ConsoleOpsSources.TokenKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The figures of the operations page ({@link ConsoleOps}), read from {@link ConsoleOpsSources}: the
 * inbound lanes, the outbox per platform and why it waits, the dead letters, the quarantined
 * records, circuits, access tokens (whether there is one and until when, never its value), monthly
 * quotas, and the routing rules in force with their version.
 */
final class ConsoleOpsFigures {
  /** Dead letters and quarantined records shown (the newest / first of each). */
  static final int SHOWN = 100;

  private final ConsoleViews views;
  private final ConsoleOpsSources sources;
  private final Clock clock;

  ConsoleOpsFigures(ConsoleViews views, ConsoleOpsSources sources, Clock clock) {
    this.views = views;
    this.sources = sources;
    this.clock = clock;
  }

  /** Every figure of the page, keyed as {@code ops.mustache} reads them, in {@code lang}. */
  Mono<Map<String, Object>> model(String lang) {
    var signals = sources.signals();
    Mono<List<Map<String, Object>>> lanes =
        signals.queues().lanes().map(all -> all.stream().map(l -> lane(l, lang)).toList());
    // Read once, shown twice (the outbox's reasons and the platform status).
    Mono<List<MonthlyQuota.Use>> monthly = signals.outbox().monthlyQuotas().cache();
    Mono<List<String>> open = signals.circuits().open().cache();
    Mono<List<Map<String, Object>>> outbox =
        Mono.zip(signals.outbox().waiting(), signals.outbox().oldestWaiting(), monthly, open)
            .map(t -> outbox(t.getT1(), t.getT2(), t.getT3(), t.getT4(), lang));
    Mono<List<DeadLetter>> dead = signals.deadLetters().list(SHOWN).collectList();
    Mono<List<Map<String, Object>>> quarantined =
        sources.records().quarantined().take(SHOWN).map(this::record).collectList();
    Mono<List<Map<String, Object>>> tokens =
        Flux.fromIterable(sources.tokenKeys()).concatMap(k -> token(k, lang)).collectList();
    Mono<List<Map<String, Object>>> quotas =
        monthly.map(all -> all.stream().map(this::quota).toList());
    // The ops alerts' timer-lag figure (OpsAlerts): how long ago the earliest due timer not yet
    // done was due, 0 when none is; one query.
    Instant now = clock.instant();
    Mono<Duration> timerLag =
        signals
            .timers()
            .earliestDue(now)
            .map(due -> Duration.between(due, now))
            .defaultIfEmpty(Duration.ZERO);
    return Mono.zip(lanes, outbox, dead, quarantined, tokens, quotas, open, timerLag)
        .map(
            t -> {
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("lanes", t.getT1());
              model.put("outbox", t.getT2());
              model.put(
                  "deadLetters", t.getT3().stream().map(ConsoleOpsFigures::deadLetter).toList());
              model.put("noDeadLetters", t.getT3().isEmpty());
              Set<String> streams = new TreeSet<>();
              t.getT3().forEach(d -> streams.add(d.stream()));
              model.put("deadStreams", List.copyOf(streams));
              model.put("maxBulk", ConsoleOps.MAX_BULK);
              model.put("quarantined", t.getT4());
              model.put("noQuarantined", t.getT4().isEmpty());
              model.put("platforms", platforms(t.getT7(), lang));
              model.put("timerLag", age(t.getT8(), lang));
              model.put("timerLagSeconds", Math.max(0, t.getT8().toSeconds()));
              model.put("tokens", t.getT5());
              model.put("noTokens", t.getT5().isEmpty());
              model.put("quotas", t.getT6());
              model.put("noQuotas", t.getT6().isEmpty());
              model.putAll(routing());
              return model;
            });
  }

  private Map<String, Object> lane(QueueBacklog.Lane l, String lang) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lane", l.lane());
    m.put("entries", l.entries());
    m.put("oldest", l.entries() == 0 ? "—" : age(l.oldest(), lang));
    return m;
  }

  private List<Map<String, Object>> outbox(
      Map<String, Long> waiting,
      Map<String, Duration> oldest,
      List<MonthlyQuota.Use> quotas,
      List<String> open,
      String lang) {
    Set<String> ids = new LinkedHashSet<>(sources.platforms());
    ids.addAll(new TreeSet<>(waiting.keySet()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String id : ids) {
      long n = waiting.getOrDefault(id, 0L);
      List<String> why = new ArrayList<>();
      if (open.contains(id)) {
        why.add(views.message(lang, "ops_why_circuit"));
      }
      for (MonthlyQuota.Use use : quotas) {
        if (use.platform().equals(id) && use.limit() > 0 && use.used() >= use.limit()) {
          why.add(text(lang, "ops_why_quota", use.kind()));
        }
      }
      if (n > 0 && why.isEmpty()) {
        why.add(views.message(lang, "ops_why_budget"));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("platform", id);
      m.put("waiting", n);
      Duration age = oldest.get(id);
      m.put("oldest", age == null || n == 0 ? "—" : age(age, lang));
      m.put("why", why.isEmpty() ? "—" : String.join(views.message(lang, "ops_sep"), why));
      rows.add(m);
    }
    return rows;
  }

  private static Map<String, Object> deadLetter(DeadLetter d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("stream", d.stream());
    m.put("error", d.error());
    m.put("attempts", d.attempts());
    m.put("failedAt", d.failedAt().truncatedTo(ChronoUnit.SECONDS).toString());
    // What it was, without the payload: the entry's type and its id.
    List<String> what = new ArrayList<>();
    for (String field : List.of("type", "eventId", "commandId", "intakeId")) {
      String value = d.fields().get(field);
      if (value != null && !value.isBlank()) {
        what.add(field + "=" + (value.length() > 80 ? value.substring(0, 80) + "…" : value));
      }
    }
    m.put("what", what.isEmpty() ? "—" : String.join(" · ", what));
    return m;
  }

  private Map<String, Object> record(RecordVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", v.key().source());
    m.put("externalId", v.key().externalId());
    m.put("version", v.version());
    m.put("type", v.record().type().wire());
    m.put("rep", sources.directory().displayName(v.record().rep()));
    m.put(
        "reasons", v.reasons().stream().map(Violation::toString).collect(Collectors.joining("; ")));
    m.put("receivedAt", v.receivedAt().truncatedTo(ChronoUnit.SECONDS).toString());
    return m;
  }

  private List<Map<String, Object>> platforms(List<String> open, String lang) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String id : sources.platforms()) {
      boolean isOpen = open.contains(id);
      rows.add(
          Map.of(
              "platform",
              id,
              "open",
              isOpen,
              "circuit",
              views.message(lang, isOpen ? "ops_circuit_open" : "ops_circuit_closed")));
    }
    return rows;
  }

  private Mono<Map<String, Object>> token(TokenKey key, String lang) {
    Instant now = clock.instant();
    return sources
        .tokens()
        .get(key.key())
        .map(
            token -> {
              String state;
              if (!token.expiresAt().isAfter(now)) {
                state = "ops_token_expired";
              } else if (!token.expiresAt().isAfter(now.plus(SharedAccessToken.EARLY))) {
                state = "ops_token_expiring";
              } else {
                state = "ops_token_present";
              }
              // The token itself is never shown: only whether there is one and until when.
              return tokenRow(
                  key,
                  views.message(lang, state),
                  token.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString());
            })
        .defaultIfEmpty(tokenRow(key, views.message(lang, "ops_token_none"), "—"));
  }

  private static Map<String, Object> tokenRow(TokenKey key, String state, String expiresAt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("platform", key.platform());
    m.put("app", key.app());
    m.put("state", state);
    m.put("expiresAt", expiresAt);
    return m;
  }

  private Map<String, Object> quota(MonthlyQuota.Use use) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("platform", use.platform());
    m.put("kind", use.kind());
    m.put("month", use.month().toString());
    m.put("used", use.used());
    m.put("limit", use.limit());
    m.put("percent", use.percent());
    return m;
  }

  /** The rules in force, the default team, and a version that changes whenever they do. */
  private Map<String, Object> routing() {
    List<RoutingRule> rules = sources.rulesInForce().get();
    String defaultTeam = sources.directory().defaultTeam().id();
    List<Map<String, Object>> rows = new ArrayList<>();
    int order = 1;
    for (RoutingRule rule : rules) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("order", order++);
      m.put("id", rule.id());
      m.put(
          "when",
          rule.conditions().isEmpty()
              ? "*"
              : rule.conditions().stream()
                  .map(ConsoleOpsFigures::condition)
                  .collect(Collectors.joining(" ∧ ")));
      m.put("team", rule.teamId());
      m.put(
          "teamName",
          sources.directory().team(rule.teamId()).map(t -> t.name()).orElse(rule.teamId()));
      m.put("implicit", rule.isTeamRegions());
      rows.add(m);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("rules", rows);
    model.put("defaultTeam", defaultTeam);
    model.put("rulesSource", sources.rulesSource());
    model.put("rulesVersion", version(rules, defaultTeam));
    return model;
  }

  private static String condition(Condition c) {
    String op =
        switch (c.op()) {
          case EQUALS -> " = ";
          case IN -> " ∈ ";
          case PREFIX -> " ^= ";
        };
    return c.field() + op + String.join("|", c.values());
  }

  /** The first 12 hex digits of the SHA-256 of the rules in order: same rules, same version. */
  static String version(List<RoutingRule> rules, String defaultTeam) {
    StringBuilder all = new StringBuilder(defaultTeam);
    for (RoutingRule rule : rules) {
      all.append('\n').append(rule);
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(all.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private String text(String lang, String key, String... args) {
    String text = views.message(lang, key);
    for (int i = 0; i < args.length; i++) {
      text = text.replace("{" + i + "}", args[i]);
    }
    return text;
  }

  /** An age such as {@code 2 小时 5 分} or {@code 2h 5m}. */
  static String age(Duration d, String lang) {
    long s = Math.max(0, d.toSeconds());
    boolean en = lang.equals("en");
    if (s < 60) {
      return s + (en ? "s" : " 秒");
    }
    if (s < 3600) {
      return (s / 60) + (en ? "m " : " 分 ") + (s % 60) + (en ? "s" : " 秒");
    }
    if (s < 86400) {
      return (s / 3600) + (en ? "h " : " 小时 ") + (s % 3600 / 60) + (en ? "m" : " 分");
    }
    return (s / 86400) + (en ? "d " : " 天 ") + (s % 86400 / 3600) + (en ? "h" : " 小时");
  }
}
