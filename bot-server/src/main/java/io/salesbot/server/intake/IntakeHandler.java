package io.salesbot.server.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.salesbot.adapter.support.BoundedBody;
import io.salesbot.adapter.support.HttpProblem;
import io.salesbot.core.kernel.domain.PhoneNumbers;
import io.salesbot.core.lead.IntakeSignature;
import io.salesbot.core.lead.IntakeUnavailableException;
import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.lead.domain.FieldError;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.lead.domain.RawLead;
import io.salesbot.core.lead.domain.SubmissionCheck;
import io.salesbot.core.lead.domain.SubmissionValidator;
import io.salesbot.server.config.SalesbotProperties;
import io.salesbot.server.web.Problems;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /api/v1/leads}: authenticates the source, validates the lead and acknowledges it only
 * once it is durably queued (Redis) or parked (PostgreSQL). No routing happens here. Answered on
 * Reactor Netty's own route ({@link IntakeRoute}) and, for any other form of the request, through
 * WebFlux ({@link #submit}); both write what {@link #answer} gives.
 */
public final class IntakeHandler {
  /** Largest accepted body. */
  public static final int MAX_BODY = 64 * 1024;

  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  private static final Logger LOG = LoggerFactory.getLogger(IntakeHandler.class);
  private final LeadIntake submitLead;
  private final SalesbotProperties.Intake settings;
  private final ObjectMapper json;
  private final Clock clock;
  private final MeterRegistry meters;
  // salesbot.intake.requests per "outcome|reason", registered on first use as before and then
  // taken from here: the registry's look-up by name and tags costs more on every request.
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public IntakeHandler(
      LeadIntake submitLead,
      SalesbotProperties.Intake settings,
      ObjectMapper json,
      Clock clock,
      MeterRegistry meters) {
    this.submitLead = submitLead;
    this.settings = settings;
    this.json = json;
    this.clock = clock;
    this.meters = meters;
  }

  /** What the intake reads of a request, whichever server layer carries it. */
  public interface Call extends SignedRequest.Headers {
    /** The body, at most {@code maxBytes}; {@link BoundedBody.TooLarge} beyond. */
    Mono<byte[]> body(int maxBytes);
  }

  /**
   * The answer, as bytes, so that every server layer writes the same: a status, a content type, a
   * body and, when the caller should come back, {@code Retry-After} in seconds (0: none).
   */
  public record Answer(int status, MediaType type, byte[] body, long retryAfterSeconds) {
    /** The answer through WebFlux. */
    public Mono<ServerResponse> toServerResponse() {
      ServerResponse.BodyBuilder response =
          ServerResponse.status(status).contentType(type).contentLength(body.length);
      if (retryAfterSeconds > 0) {
        response.header(RETRY_AFTER, Long.toString(retryAfterSeconds));
      }
      // Written as they are: bodyValue would look for a writer among the codecs first.
      return response.body(
          (exchange, context) ->
              exchange.writeWith(Mono.just(exchange.bufferFactory().wrap(body))));
    }
  }

  static final String RETRY_AFTER = "Retry-After";

  /** {@code POST /api/v1/leads} through WebFlux. */
  public Mono<ServerResponse> submit(ServerRequest request) {
    return answer(
            new Call() {
              @Override
              public @Nullable String first(String name) {
                return request.headers().firstHeader(name);
              }

              @Override
              public Mono<byte[]> body(int maxBytes) {
                return BoundedBody.bytes(request, maxBytes);
              }
            })
        .onErrorResume(
            e -> {
              logFailure(e);
              return Mono.just(failed());
            })
        .flatMap(Answer::toServerResponse);
  }

  /** {@code POST /api/v1/leads}: the answer to one request. */
  public Mono<Answer> answer(Call call) {
    MediaType type;
    try {
      String header = call.first(HttpHeaders.CONTENT_TYPE);
      type = header == null ? null : MediaType.parseMediaType(header);
    } catch (org.springframework.http.InvalidMediaTypeException e) {
      type = null; // "Content-Type: foo" is the client's mistake: 415, not 500
    }
    if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
      return reject(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported-media-type",
          "send the lead as JSON with Content-Type: application/json");
    }
    if (declaredLength(call) > MAX_BODY) {
      return tooLarge();
    }
    SignedRequest.Sender sender = SignedRequest.source(call, settings);
    if (sender instanceof SignedRequest.Sender.Refused r) {
      return reject(r.status(), r.type(), r.detail());
    }
    String sourceId = ((SignedRequest.Sender.Known) sender).id();
    SalesbotProperties.Source source = ((SignedRequest.Sender.Known) sender).source();
    String idempotencyKey = call.first(IDEMPOTENCY_HEADER);
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 128)) {
      return reject(
          HttpStatus.BAD_REQUEST,
          "invalid-idempotency-key",
          "Idempotency-Key must be 1 to 128 characters");
    }
    return call.body(MAX_BODY)
        .flatMap(body -> authenticated(sourceId, source, idempotencyKey, call, body))
        .onErrorResume(BoundedBody.TooLarge.class, e -> tooLarge());
  }

  /** The declared {@code Content-Length}, or -1 (none, or not a number), as WebFlux reads it. */
  static long declaredLength(SignedRequest.Headers headers) {
    String length = headers.first(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Logs a failure nothing foresaw, without the lead's phone numbers. */
  static void logFailure(Throwable e) {
    LOG.error("POST /api/v1/leads failed: {}", PhoneNumbers.maskAll(String.valueOf(e)));
  }

  /**
   * 500 for a failure nothing above foresaw (a bug): a problem that says to retry, never a stack
   * trace.
   */
  public Answer failed() {
    return problem(
        Problems.problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal-error",
            "salesbot could not take the lead because of an internal error; retry later"),
        0);
  }

  private Mono<Answer> authenticated(
      String sourceId,
      SalesbotProperties.Source source,
      @Nullable String idempotencyKey,
      Call call,
      byte[] body) {
    SignedRequest.Signed verified = SignedRequest.verify(call, source, body, settings, clock);
    if (verified instanceof SignedRequest.Signed.Refused r) {
      return reject(r.status(), r.type(), r.detail());
    }
    IntakeSignature.Check.Valid signed = ((SignedRequest.Signed.Valid) verified).check();
    LeadBody.Read read = LeadBody.parse(json, body);
    if (read instanceof LeadBody.Read.Invalid invalid) {
      return rejectInvalid(invalid.detail(), invalid.errors());
    }
    RawLead raw = ((LeadBody.Read.Lead) read).raw();
    // Without an idempotency key or external id, the signature names the request: a captured
    // request replayed within the window is the same intake (deduplicated by the queue, the
    // fallback table and the leads table alike), not a new lead.
    boolean named =
        idempotencyKey != null || (raw.externalId() != null && !raw.externalId().isBlank());
    String intakeId =
        named
            ? LeadIds.intakeId(sourceId, idempotencyKey, raw.externalId())
            : LeadIds.intakeId(sourceId, signed.replayKey(), null);
    SubmissionCheck result =
        SubmissionValidator.check(raw, intakeId, sourceId, source.intent(sourceId));
    if (result instanceof SubmissionCheck.Invalid invalid) {
      return rejectInvalid("the lead is not valid; see errors", invalid.errors());
    }
    return submitLead
        .submit(((SubmissionCheck.Valid) result).submission())
        .map(
            accepted -> {
              count(
                  accepted.duplicate()
                      ? "duplicate"
                      : accepted.viaFallback() ? "fallback" : "accepted",
                  "none");
              return new Answer(
                  HttpStatus.ACCEPTED.value(),
                  MediaType.APPLICATION_JSON,
                  answer(accepted.intakeId()),
                  0);
            })
        .onErrorResume(
            IntakeUnavailableException.class,
            e -> {
              LOG.error(
                  "intake unavailable: {}", PhoneNumbers.maskAll(String.valueOf(e.getCause())));
              count("rejected", "unavailable");
              return Mono.just(
                  problem(
                      Problems.problem(
                          HttpStatus.SERVICE_UNAVAILABLE,
                          "unavailable",
                          "salesbot cannot store leads right now (queue and database unreachable);"
                              + " retry later"),
                      5));
            });
  }

  private Mono<Answer> tooLarge() {
    return reject(
        HttpStatus.CONTENT_TOO_LARGE,
        "too-large",
        "the body is larger than " + MAX_BODY / 1024 + " KiB");
  }

  private Mono<Answer> rejectInvalid(String detail, List<FieldError> errors) {
    count("rejected", "invalid");
    return Mono.just(problem(Problems.invalidProblem(detail, errors), 0));
  }

  private Mono<Answer> reject(HttpStatus status, String reason, String detail) {
    count("rejected", reason);
    return Mono.just(problem(Problems.problem(status, reason, detail), 0));
  }

  private Answer problem(ProblemDetail problem, long retryAfterSeconds) {
    return new Answer(
        problem.getStatus(),
        MediaType.APPLICATION_PROBLEM_JSON,
        json.writeValueAsBytes(HttpProblem.members(problem)),
        retryAfterSeconds);
  }

  private void count(String outcome, String reason) {
    counters
        .computeIfAbsent(
            outcome + '|' + reason,
            k -> meters.counter("salesbot.intake.requests", "outcome", outcome, "reason", reason))
        .increment();
  }

  /**
   * {@code {"intakeId":"…"}} as bytes, written as they are (no map through Jackson). Intake ids are
   * UUIDs; anything else would be escaped by Jackson.
   */
  private byte[] answer(String intakeId) {
    if (plain(intakeId)) {
      return ("{\"intakeId\":\"" + intakeId + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
    return json.writeValueAsBytes(Map.of("intakeId", intakeId));
  }

  private static boolean plain(String id) {
    if (id.isEmpty() || id.length() > 64) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c == '-'
          || (c >= '0' && c <= '9')
          || (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }
}
