package io.salesbot.server.console;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.ReleaseRecord;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.server.console.ConsoleSessions.Session;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /console/ops}, for admins only: the inbound lanes (entries, oldest entry's age), the
 * outbox waiting per platform and why, the dead letters with replay (one, and many of one stream),
 * the quarantined scorecard records with release (a reason required; the admin is the releaser),
 * each platform's circuit, access tokens and monthly quotas, and the routing rules in force with
 * their version. Figures ({@link ConsoleOpsFigures}) come from {@link ConsoleOpsSources}: the ports
 * the admin API and the ops alerts read. Every action answers with the page and a line saying what
 * happened.
 */
final class ConsoleOps {
  /** At most this many dead letters replayed by one press of the bulk form. */
  static final int MAX_BULK = 1000;

  private final ConsolePages pages;
  private final ConsoleViews views;
  private final ConsoleOpsSources sources;
  private final ConsoleOpsFigures figures;
  private final Clock clock;

  ConsoleOps(ConsolePages pages, ConsoleViews views, ConsoleOpsSources sources, Clock clock) {
    this.pages = pages;
    this.views = views;
    this.sources = sources;
    this.figures = new ConsoleOpsFigures(views, sources, clock);
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
    return figures
        .model(ConsoleViews.language(request))
        .flatMap(
            figures -> {
              Map<String, Object> model = pages.signedIn(request);
              model.putAll(figures);
              HttpStatus status = HttpStatus.OK;
              if (notice != null) {
                model.put("notice", notice.text());
                model.put("noticeError", notice.status().isError());
                status = notice.status();
              }
              return views.page(request, status, "ops", model);
            });
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
}
