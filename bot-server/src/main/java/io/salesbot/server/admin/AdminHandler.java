package io.salesbot.server.admin;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadNote;
import io.salesbot.core.platform.DeadLetters;
import io.salesbot.core.platform.domain.DeadLetter;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.server.web.AdminToken;
import io.salesbot.server.web.Problems;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Admin endpoints: a lead with its history, and the dead letters. They need {@code Authorization:
 * Bearer <salesbot.admin.token>}; with no token configured they are off and answer 403.
 */
public final class AdminHandler {
  private final AdminToken admin;
  private final Leads leads;
  private final DeadLetters deadLetters;
  private final TeamDirectory directory;
  private final DealView deals;
  private final ResponseView response;
  private final LeadNotes notes;

  public AdminHandler(
      @Nullable String token,
      Leads leads,
      DeadLetters deadLetters,
      TeamDirectory directory,
      DealView deals,
      ResponseView response,
      LeadNotes notes) {
    this.notes = notes;
    this.deals = deals;
    this.response = response;
    this.admin = new AdminToken(token);
    this.leads = leads;
    this.deadLetters = deadLetters;
    this.directory = directory;
  }

  public Mono<ServerResponse> lead(ServerRequest request) {
    return guarded(
        request,
        r -> {
          String id = r.pathVariable("id");
          if (id.length() > 128) {
            return Problems.of(
                HttpStatus.BAD_REQUEST, "invalid-id", "a lead id is at most 128 characters");
          }
          return leads
              .findById(id)
              .switchIfEmpty(Mono.defer(() -> leads.findByIntakeId(id)))
              .flatMap(
                  lead ->
                      Mono.zip(
                              leads.history(lead.id()).collectList(),
                              deals.of(lead.id()),
                              response.of(lead),
                              notes.of(lead.id()).map(this::view).collectList(),
                              deals.evidenceOfMoves(lead.id()))
                          .flatMap(
                              t -> {
                                Map<String, Object> view = view(lead, t.getT1(), t.getT5());
                                view.put("notes", t.getT4());
                                view.putAll(t.getT3());
                                view.putAll(t.getT2());
                                return json(view);
                              }))
              .switchIfEmpty(
                  Mono.defer(
                      () ->
                          Problems.of(
                              HttpStatus.NOT_FOUND,
                              "lead-not-found",
                              "no lead has the id or intake id '" + id + "'")));
        });
  }

  public Mono<ServerResponse> deadLetters(ServerRequest request) {
    return guarded(
        request,
        r -> {
          int limit;
          try {
            limit = Integer.parseInt(r.queryParam("limit").orElse("50"));
          } catch (NumberFormatException e) {
            limit = -1;
          }
          if (limit < 1 || limit > 1000) {
            return Problems.of(
                HttpStatus.BAD_REQUEST, "invalid-limit", "limit must be a number from 1 to 1000");
          }
          return deadLetters
              .list(limit)
              .map(AdminHandler::view)
              .collectList()
              .flatMap(AdminHandler::json);
        });
  }

  public Mono<ServerResponse> replay(ServerRequest request) {
    return guarded(
        request,
        r -> {
          String id = r.pathVariable("id");
          if (!id.matches("\\d{1,20}-\\d{1,20}")) {
            return Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-id",
                "a dead-letter id looks like 1700000000000-0");
          }
          return deadLetters
              .replay(id)
              .defaultIfEmpty(false)
              .flatMap(
                  done ->
                      done
                          ? json(Map.of("replayed", id))
                          : Problems.of(
                              HttpStatus.NOT_FOUND,
                              "dead-letter-not-found",
                              "no dead letter has the id " + id));
        });
  }

  /**
   * {@code POST /api/v1/admin/dead-letters/replay?stream=&from=&to=&limit=}: replays, oldest first,
   * the dead letters of {@code stream} dead-lettered from {@code from} (inclusive, default the
   * beginning) to {@code to} (exclusive, default now), at most {@code limit} (default 1000, at most
   * 10000). Answers how many went back.
   */
  public Mono<ServerResponse> replayAll(ServerRequest request) {
    return guarded(
        request,
        r -> {
          String stream = r.queryParam("stream").orElse("");
          if (stream.isBlank() || stream.length() > 200) {
            return Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-stream",
                "name the stream to replay into, e.g. stream=salesbot:in:normal (see the dead"
                    + " letters' stream field)");
          }
          Instant from;
          Instant to;
          try {
            from = r.queryParam("from").map(Instant::parse).orElse(Instant.EPOCH);
            to =
                r.queryParam("to").map(Instant::parse).orElseGet(() -> Instant.now().plusMillis(1));
          } catch (DateTimeParseException e) {
            return Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-time",
                "from and to are instants such as 2025-03-01T08:00:00Z");
          }
          if (!from.isBefore(to)) {
            return Problems.of(HttpStatus.BAD_REQUEST, "invalid-time", "from must be before to");
          }
          int limit;
          try {
            limit = Integer.parseInt(r.queryParam("limit").orElse("1000"));
          } catch (NumberFormatException e) {
            limit = -1;
          }
          if (limit < 1 || limit > 10_000) {
            return Problems.of(
                HttpStatus.BAD_REQUEST, "invalid-limit", "limit must be a number from 1 to 10000");
          }
          return deadLetters
              .replayAll(stream, from, to, limit)
              .defaultIfEmpty(0)
              .flatMap(
                  n -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("stream", stream);
                    m.put("from", from.toString());
                    m.put("to", to.toString());
                    m.put("replayed", n);
                    return json(m);
                  });
        });
  }

  private Mono<ServerResponse> guarded(
      ServerRequest request, Function<ServerRequest, Mono<ServerResponse>> handler) {
    return admin.guard(request, r -> handler.apply(r).onErrorResume(AdminHandler::unavailable));
  }

  private static Mono<ServerResponse> unavailable(Throwable e) {
    // The cause goes to the log, not to the caller (no internals in answers).
    org.slf4j.LoggerFactory.getLogger(AdminHandler.class)
        .warn("admin endpoint: store unavailable: {}", String.valueOf(e));
    return Problems.unavailable(
        "the store behind this endpoint is unavailable right now; retry later",
        java.time.Duration.ofSeconds(5));
  }

  /** {@code moves}: the evidence ids of the deal's stage moves, by {@link DealView#key}. */
  private Map<String, Object> view(
      Lead lead, List<AuditEntry> history, Map<String, List<String>> moves) {
    LeadSubmission s = lead.submission();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", lead.id());
    m.put("intakeId", s.intakeId());
    m.put("status", lead.status().name());
    m.put("source", s.sourceId());
    m.put("priority", s.priority().name());
    m.put("team", lead.teamId());
    m.put("owner", lead.owner() == null ? null : lead.owner().toString());
    m.put("ownerName", lead.owner() == null ? null : directory.displayName(lead.owner()));
    m.put("name", s.name());
    m.put("phone", s.phone());
    m.put("company", s.company());
    m.put("region", s.region());
    m.put("industry", s.industry());
    m.put("product", s.product());
    m.put("message", s.message());
    m.put("externalId", s.externalId());
    m.put("attributes", s.attributes());
    m.put("createdAt", lead.createdAt().toString());
    m.put("claimedAt", lead.claimedAt() == null ? null : lead.claimedAt().toString());
    m.put(
        "history",
        history.stream()
            .map(
                a -> {
                  Map<String, Object> h = new LinkedHashMap<>();
                  h.put("at", a.at().toString());
                  h.put("actor", a.actor());
                  h.put("action", a.action());
                  h.put("reason", a.reason());
                  List<String> evidence = moves.get(DealView.key(a.action(), a.at()));
                  if (evidence != null) {
                    h.put("evidence", evidence);
                  }
                  return h;
                })
            .toList());
    return m;
  }

  private Map<String, Object> view(LeadNote n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", n.at().toString());
    m.put("author", n.author().toString());
    m.put("authorName", directory.displayName(n.author()));
    m.put("text", n.text());
    return m;
  }

  private static Map<String, Object> view(DeadLetter d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("stream", d.stream());
    m.put("error", d.error());
    m.put("attempts", d.attempts());
    m.put("failedAt", d.failedAt().toString());
    m.put("fields", d.fields());
    return m;
  }

  private static Mono<ServerResponse> json(Object body) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }
}
