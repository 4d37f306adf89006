package io.salesbot.server.console;

import io.salesbot.adapter.support.SharedAccessToken;
import io.salesbot.core.kernel.QueueBacklog;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.MonthlyQuota;
import io.salesbot.core.platform.domain.DeadLetter;
import io.salesbot.core.routing.domain.Condition;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.score.ReleaseRecord;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.Violation;
import io.salesbot.server.console.ConsoleOpsSources.TokenKey;
import io.salesbot.server.console.ConsoleSessions.Session;
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
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /console/ops}, for admins only: the inbound lanes (entries, oldest entry's age), the
 * outbox waiting per platform and why, the dead letters with replay (one, and many of one stream),
 * the quarantined scorecard records with release (a reason required; the admin is the releaser),
 * each platform's circuit, access tokens and monthly quotas, and the routing rules in force with
 * their version. Figures come from {@link ConsoleOpsSources}: the ports the admin API and the ops
 * alerts read. Every action answers with the page and a line saying what happened.
 */
final class ConsoleOps {
  /** Dead letters and quarantined records shown (the newest / first of each). */
  static final int SHOWN = 100;

  /** At most this many dead letters replayed by one press of the bulk form. */
  static final int MAX_BULK = 1000;

  private final ConsolePages pages;
  private final ConsoleViews views;
  private final ConsoleOpsSources sources;
  private final Clock clock;

  ConsoleOps(ConsolePages pages, ConsoleViews views, ConsoleOpsSources sources, Clock clock) {
    this.pages = pages;
    this.views = views;
    this.sources = sources;
    this.clock = clock;
  }

  /** What an action did, for the line at the top of the page. */
  private record Notice(HttpStatus status, String text) {}

  Mono<ServerResponse> page(ServerRequest request) {
    return admin(request, () -> render(request, null));
  }

  /** {@code POST /console/ops/dead-letters/{id}/replay}: as the admin API's replay of one. */
  Mono<ServerResponse> replay(ServerRequest request) {
    return admin(
        request,
        () -> {
          String lang = ConsoleViews.language(request);
          String id = request.pathVariable("id");
          if (!id.matches("\\d{1,20}-\\d{1,20}")) {
            return render(
                request, new Notice(HttpStatus.BAD_REQUEST, views.message(lang, "ops_bad_id")));
          }
          return sources
              .signals()
              .deadLetters()
              .replay(id)
              .defaultIfEmpty(false)
              .flatMap(
                  done ->
                      render(
                          request,
                          done
                              ? new Notice(HttpStatus.OK, text(lang, "ops_replayed_one", id))
                              : new Notice(
                                  HttpStatus.NOT_FOUND, text(lang, "ops_no_dead_letter", id))));
        });
  }

  /**
   * {@code POST /console/ops/dead-letters/replay} with {@code stream} and {@code limit} (1 to
   * {@value #MAX_BULK}): the oldest {@code limit} dead letters of that stream back on it, as the
   * admin API's replay of many (from the beginning to now).
   */
  Mono<ServerResponse> replayAll(ServerRequest request) {
    return admin(
        request,
        () ->
            request
                .formData()
                .flatMap(
                    form -> {
                      String lang = ConsoleViews.language(request);
                      String stream = field(form, "stream");
                      if (stream.isEmpty() || stream.length() > 200) {
                        return render(
                            request,
                            new Notice(
                                HttpStatus.BAD_REQUEST, views.message(lang, "ops_bad_stream")));
                      }
                      int limit = number(field(form, "limit"));
                      if (limit < 1 || limit > MAX_BULK) {
                        return render(
                            request,
                            new Notice(
                                HttpStatus.BAD_REQUEST,
                                text(lang, "ops_bad_limit", Integer.toString(MAX_BULK))));
                      }
                      Instant now = clock.instant().plusMillis(1);
                      return sources
                          .signals()
                          .deadLetters()
                          .replayAll(stream, Instant.EPOCH, now, limit)
                          .defaultIfEmpty(0)
                          .flatMap(
                              n ->
                                  render(
                                      request,
                                      new Notice(
                                          HttpStatus.OK,
                                          text(
                                              lang,
                                              "ops_replayed_many",
                                              Integer.toString(n),
                                              stream))));
                    }));
  }

  /**
   * {@code POST /console/ops/quarantine/release} with {@code source}, {@code externalId} and {@code
   * reason}: the release use case with the admin as the releaser. Without a reason nothing changes.
   */
  Mono<ServerResponse> release(ServerRequest request) {
    return admin(
        request,
        () ->
            request
                .formData()
                .flatMap(
                    form -> {
                      String lang = ConsoleViews.language(request);
                      String source = field(form, "source");
                      String externalId = field(form, "externalId");
                      String reason = field(form, "reason");
                      if (source.isEmpty() || externalId.isEmpty()) {
                        return render(
                            request,
                            new Notice(
                                HttpStatus.BAD_REQUEST, views.message(lang, "ops_bad_record")));
                      }
                      if (reason.length() > 500) {
                        return render(
                            request,
                            new Notice(
                                HttpStatus.BAD_REQUEST,
                                views.message(lang, "ops_reason_too_long")));
                      }
                      Session me = ConsoleGuard.session(request.exchange());
                      RecordKey key = new RecordKey(source, externalId);
                      String label = source + "/" + externalId;
                      return sources
                          .release()
                          .release(
                              ReleaseRecord.Command.byAdmin(
                                  key, new Address(me.platform(), me.userId()), reason))
                          .flatMap(result -> render(request, notice(lang, label, result)));
                    }));
  }

  private Notice notice(String lang, String label, ReleaseRecord.Result result) {
    if (result instanceof ReleaseRecord.Result.Released r) {
      return new Notice(
          HttpStatus.OK, text(lang, "ops_released", label, Integer.toString(r.version())));
    }
    if (result instanceof ReleaseRecord.Result.ReasonRequired) {
      return new Notice(HttpStatus.BAD_REQUEST, views.message(lang, "ops_reason_required"));
    }
    if (result instanceof ReleaseRecord.Result.NotFound) {
      return new Notice(HttpStatus.NOT_FOUND, text(lang, "ops_no_record", label));
    }
    if (result instanceof ReleaseRecord.Result.NotQuarantined) {
      return new Notice(HttpStatus.CONFLICT, text(lang, "ops_not_quarantined", label));
    }
    // NotPermitted: cannot happen for an admin's release; said plainly if it ever does.
    return new Notice(HttpStatus.FORBIDDEN, views.message(lang, "forbidden_admins_only"));
  }

  private Mono<ServerResponse> admin(
      ServerRequest request, java.util.function.Supplier<Mono<ServerResponse>> then) {
    Session session = ConsoleGuard.session(request.exchange());
    if (!session.role().equals(ConsoleRoles.ADMIN)) {
      return pages.forbidden(request, "forbidden_admins_only");
    }
    return then.get();
  }

  // --- the page ------------------------------------------------------------------------------

  private Mono<ServerResponse> render(ServerRequest request, @Nullable Notice notice) {
    String lang = ConsoleViews.language(request);
    var signals = sources.signals();
    Mono<List<Map<String, Object>>> lanes =
        signals.queues().lanes().map(all -> all.stream().map(l -> lane(l, lang)).toList());
    Mono<List<Map<String, Object>>> outbox =
        Mono.zip(
                signals.outbox().waiting(),
                signals.outbox().oldestWaiting(),
                signals.outbox().monthlyQuotas(),
                signals.circuits().open())
            .map(t -> outbox(t.getT1(), t.getT2(), t.getT3(), t.getT4(), lang));
    Mono<List<DeadLetter>> dead = signals.deadLetters().list(SHOWN).collectList();
    Mono<List<Map<String, Object>>> quarantined =
        sources.records().quarantined().take(SHOWN).map(this::record).collectList();
    Mono<List<Map<String, Object>>> tokens =
        Flux.fromIterable(sources.tokenKeys()).concatMap(k -> token(k, lang)).collectList();
    Mono<List<Map<String, Object>>> quotas =
        signals.outbox().monthlyQuotas().map(all -> all.stream().map(this::quota).toList());
    return Mono.zip(lanes, outbox, dead, quarantined, tokens, quotas, signals.circuits().open())
        .flatMap(
            t -> {
              Map<String, Object> model = pages.signedIn(request);
              model.put("lanes", t.getT1());
              model.put("outbox", t.getT2());
              model.put("deadLetters", t.getT3().stream().map(ConsoleOps::deadLetter).toList());
              model.put("noDeadLetters", t.getT3().isEmpty());
              Set<String> streams = new TreeSet<>();
              t.getT3().forEach(d -> streams.add(d.stream()));
              model.put("deadStreams", List.copyOf(streams));
              model.put("maxBulk", MAX_BULK);
              model.put("quarantined", t.getT4());
              model.put("noQuarantined", t.getT4().isEmpty());
              model.put("platforms", platforms(t.getT7(), lang));
              model.put("tokens", t.getT5());
              model.put("noTokens", t.getT5().isEmpty());
              model.put("quotas", t.getT6());
              model.put("noQuotas", t.getT6().isEmpty());
              model.putAll(routing());
              HttpStatus status = HttpStatus.OK;
              if (notice != null) {
                model.put("notice", notice.text());
                model.put("noticeError", notice.status().isError());
                status = notice.status();
              }
              return views.page(request, status, "ops", model);
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
    List<RoutingRule> rules = sources.router().inForce();
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
                  .map(ConsoleOps::condition)
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

  // --- helpers -------------------------------------------------------------------------------

  private static String field(MultiValueMap<String, String> form, String name) {
    String value = form.getFirst(name);
    return value == null ? "" : value.strip();
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
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
