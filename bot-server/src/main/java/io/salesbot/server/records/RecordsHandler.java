package io.salesbot.server.records;

import io.salesbot.adapter.support.BoundedBody;
import io.salesbot.core.lead.domain.FieldError;
import io.salesbot.core.score.FeedHealth;
import io.salesbot.core.score.IngestRecord;
import io.salesbot.core.score.domain.FeedObservation;
import io.salesbot.core.score.domain.RecordOutcome;
import io.salesbot.core.score.domain.RecordParser;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.score.domain.Violation;
import io.salesbot.server.config.SalesbotProperties;
import io.salesbot.server.intake.SignedRequest;
import io.salesbot.server.web.Problems;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /api/v1/records}: a signed batch of up to {@value #MAX_RECORDS} scorecard records as
 * {@code {"records": [...]}} or NDJSON. Request-level errors are RFC 9457 problems; otherwise 200
 * with one answer per record, in order: {@code accepted}, {@code corrected}, {@code quarantined}
 * (with reasons), {@code refused} (with field errors) or {@code failed} (not stored; send it
 * again). The batch is stored set-based ({@link IngestRecord#ingestAll}): each record is answered
 * as if the batch's records were stored one after the other.
 */
public final class RecordsHandler {
  public static final int MAX_RECORDS = 1000;

  /** Largest accepted body: 1,000 records of up to 2 KiB each. */
  public static final int MAX_BODY = 2 * 1024 * 1024;

  static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
  private static final Logger LOG = LoggerFactory.getLogger(RecordsHandler.class);

  private final IngestRecord ingest;
  private final FeedHealth feeds;
  private final SalesbotProperties.Intake settings;
  private final ObjectMapper json;
  private final Clock clock;

  public RecordsHandler(
      IngestRecord ingest,
      FeedHealth feeds,
      SalesbotProperties.Intake settings,
      ObjectMapper json,
      Clock clock) {
    this.ingest = ingest;
    this.feeds = feeds;
    this.settings = settings;
    this.json = json;
    this.clock = clock;
  }

  public Mono<ServerResponse> submit(ServerRequest request) {
    MediaType type;
    try {
      type = request.headers().contentType().orElse(null);
    } catch (org.springframework.http.InvalidMediaTypeException e) {
      type = null;
    }
    boolean ndjson = type != null && NDJSON.isCompatibleWith(type);
    if (type == null || !(ndjson || MediaType.APPLICATION_JSON.isCompatibleWith(type))) {
      return Problems.of(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported-media-type",
          "send records as application/json ({\"records\": [...]}) or application/x-ndjson");
    }
    if (BoundedBody.declaredOver(request, MAX_BODY)) {
      return tooLarge();
    }
    SignedRequest.Sender sender = SignedRequest.source(request, settings);
    if (sender instanceof SignedRequest.Sender.Refused r) {
      return Problems.of(r.status(), r.type(), r.detail());
    }
    SignedRequest.Sender.Known known = (SignedRequest.Sender.Known) sender;
    return BoundedBody.bytes(request, MAX_BODY)
        .flatMap(body -> authenticated(known, request, body, ndjson))
        .onErrorResume(BoundedBody.TooLarge.class, e -> tooLarge());
  }

  private Mono<ServerResponse> authenticated(
      SignedRequest.Sender.Known sender, ServerRequest request, byte[] body, boolean ndjson) {
    SignedRequest.Signed signed =
        SignedRequest.verify(request, sender.source(), body, settings, clock);
    if (signed instanceof SignedRequest.Signed.Refused r) {
      return Problems.of(r.status(), r.type(), r.detail());
    }
    if (!sender.source().records()) {
      return Problems.of(
          HttpStatus.FORBIDDEN,
          "records-not-permitted",
          "source '"
              + sender.id()
              + "' may not send records; set salesbot.intake.sources."
              + sender.id()
              + ".records: true");
    }
    List<JsonNode> records;
    try {
      records = ndjson ? lines(body) : batch(body);
    } catch (NotRecords e) {
      return Problems.of(HttpStatus.BAD_REQUEST, "invalid-records", e.getMessage());
    }
    if (records.size() > MAX_RECORDS) {
      return Problems.of(
          HttpStatus.CONTENT_TOO_LARGE,
          "too-many-records",
          "a batch holds at most " + MAX_RECORDS + " records, got " + records.size());
    }
    List<Read> read = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      read.add(read(sender.id(), i, records.get(i)));
    }
    List<SalesRecord> parsed = read.stream().map(Read::record).filter(r -> r != null).toList();
    return ingest
        .ingestAll(parsed)
        .flatMap(ingested -> answer(sender.id(), read, ingested))
        // feed health: the source's failures and shape, checked once per batch
        .flatMap(answers -> quietly(feeds.check(sender.id()), sender.id()).thenReturn(answers))
        .flatMap(
            answers -> {
              Map<String, Long> counts = new LinkedHashMap<>();
              for (Map<String, Object> a : answers) {
                counts.merge((String) a.get("status"), 1L, Long::sum);
              }
              return ServerResponse.ok()
                  .contentType(MediaType.APPLICATION_JSON)
                  .bodyValue(Map.of("results", answers, "counts", counts));
            });
  }

  /**
   * One record of the body as read: parsed ({@code record}), or refused ({@code errors}, and the
   * members as sent when it was an object, for feed health).
   */
  private record Read(
      Map<String, Object> answer,
      @Nullable SalesRecord record,
      List<FieldError> errors,
      @Nullable Map<String, String> values) {}

  private static Read read(String source, int index, JsonNode node) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("index", index);
    List<FieldError> errors = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    if (!node.isObject()) {
      errors.add(new FieldError("", "each record must be a JSON object"));
      return new Read(answer, null, errors, null);
    }
    JsonNode id = node.get("externalId");
    if (id != null && id.isValueNode()) {
      answer.put("externalId", id.asString());
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if (v.isNumber()) {
        values.put(e.getKey(), v.decimalValue().toPlainString());
      } else if (v.isValueNode()) {
        values.put(e.getKey(), v.asString());
      } else {
        errors.add(new FieldError(e.getKey(), "必须是字符串或数字 (must be a string or a number)"));
      }
    }
    if (errors.isEmpty()) {
      RecordParser.Parsed parsed = RecordParser.parse(source, values);
      if (parsed instanceof RecordParser.Parsed.Ok ok) {
        return new Read(answer, ok.record(), List.of(), values);
      }
      errors.addAll(((RecordParser.Parsed.Refused) parsed).errors());
    }
    return new Read(answer, null, errors, values);
  }

  /**
   * The answers in the body's order, each parsed record's from {@code ingested} (in the same
   * order), and what feed health keeps of them, written at once.
   */
  private Mono<List<Map<String, Object>>> answer(
      String source, List<Read> read, List<IngestRecord.Ingested> ingested) {
    List<Map<String, Object>> answers = new ArrayList<>();
    List<FeedObservation> seen = new ArrayList<>();
    int next = 0;
    for (Read r : read) {
      Map<String, Object> answer = r.answer();
      if (r.record() == null) {
        answer.put("status", "refused");
        answer.put(
            "errors",
            r.errors().stream()
                .map(e -> Map.of("field", e.field(), "message", e.message()))
                .toList());
        if (r.values() != null) {
          seen.add(feeds.refusedObservation(source, r.values()));
        }
      } else if (ingested.get(next++) instanceof IngestRecord.Ingested.Done done) {
        outcome(answer, done.outcome());
        seen.add(feeds.storedObservation(r.record(), done.outcome().status()));
      } else {
        IngestRecord.Ingested.NotStored failed =
            (IngestRecord.Ingested.NotStored) ingested.get(next - 1);
        LOG.warn(
            "record {} of source {} not stored: {}",
            answer.get("index"),
            source,
            failed.error().toString());
        answer.put("status", "failed");
        answer.put("detail", "not stored (storage unavailable); send it again");
      }
      answers.add(answer);
    }
    return quietly(Mono.defer(() -> feeds.observed(seen)), source).thenReturn(answers);
  }

  /** Feed health must never cost a record its answer: a failure is logged, the answer stands. */
  private static Mono<Void> quietly(Mono<?> work, String source) {
    return work.then()
        .onErrorResume(
            e -> {
              LOG.warn("feed health of source {} not updated: {}", source, e.toString());
              return Mono.empty();
            });
  }

  private static Map<String, Object> outcome(Map<String, Object> answer, RecordOutcome o) {
    answer.put(
        "status",
        switch (o.status()) {
          case ACCEPTED, UNCHANGED -> "accepted";
          case CORRECTED -> "corrected";
          case QUARANTINED -> "quarantined";
        });
    answer.put("version", o.version());
    if (o.status() == RecordOutcome.Status.UNCHANGED) {
      answer.put("unchanged", true);
    }
    if (!o.reasons().isEmpty()) {
      answer.put(
          "reasons",
          o.reasons().stream()
              .map((Violation v) -> Map.of("rule", v.rule(), "detail", v.detail()))
              .toList());
    }
    return answer;
  }

  private List<JsonNode> batch(byte[] body) throws NotRecords {
    JsonNode root = parse(new String(body, StandardCharsets.UTF_8), "the body");
    JsonNode records = root.isObject() ? root.get("records") : null;
    if (records == null || !records.isArray()) {
      throw new NotRecords("the body must be a JSON object {\"records\": [ ... ]}");
    }
    List<JsonNode> out = new ArrayList<>();
    records.forEach(out::add);
    return out;
  }

  private List<JsonNode> lines(byte[] body) throws NotRecords {
    List<JsonNode> out = new ArrayList<>();
    String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty()) {
        if (out.size() == MAX_RECORDS) {
          out.add(null); // one more is enough to refuse the batch
          break;
        }
        out.add(parse(line, "line " + (i + 1)));
      }
    }
    return out;
  }

  private JsonNode parse(String text, String where) throws NotRecords {
    try {
      JsonNode node = json.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new NotRecords(where + " is empty");
      }
      return node;
    } catch (JacksonException e) {
      throw new NotRecords(
          where.substring(0, 1).toUpperCase(Locale.ROOT)
              + where.substring(1)
              + " is not valid JSON");
    }
  }

  private static Mono<ServerResponse> tooLarge() {
    return Problems.of(
        HttpStatus.CONTENT_TOO_LARGE,
        "too-large",
        "the body is larger than " + MAX_BODY / (1024 * 1024) + " MiB");
  }

  /** The body is not a batch of records; its message says why. */
  private static final class NotRecords extends Exception {
    NotRecords(String message) {
      super(message, null, false, false);
    }
  }
}
