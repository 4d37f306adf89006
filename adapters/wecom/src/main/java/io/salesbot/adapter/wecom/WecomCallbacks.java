package io.salesbot.adapter.wecom;

import io.salesbot.adapter.support.CallbackCrypto;
import io.salesbot.adapter.support.CallbackCrypto.CryptoException;
import io.salesbot.adapter.support.CallbackProblem;
import io.salesbot.adapter.support.CallbackXml;
import io.salesbot.adapter.support.CallbackXml.NotXmlException;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET|POST /callbacks/wecom/{agentId}}. Verifies, decrypts, checks the corp id, maps to a
 * neutral event, queues it and answers 200 with an empty body; no use case runs here. Bad input is
 * a 4xx problem with nothing queued; a queue that cannot take the event is a 503 (WeCom retries).
 */
final class WecomCallbacks {
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final Duration ENQUEUE_TIMEOUT = Duration.ofSeconds(3);

  private static final Logger log = LoggerFactory.getLogger(WecomCallbacks.class);

  private final WecomSettings settings;
  private final Map<Integer, CallbackCrypto> cryptos;
  private final InboundQueue queue;
  private final Clock clock;
  private final @Nullable WecomDirectory directory;

  /**
   * @param directory told of {@code change_contact} callbacks, if the directory is read
   */
  WecomCallbacks(
      WecomSettings settings, InboundQueue queue, Clock clock, @Nullable WecomDirectory directory) {
    this.directory = directory;
    this.settings = settings;
    this.queue = queue;
    this.clock = clock;
    Map<Integer, CallbackCrypto> byId = new java.util.LinkedHashMap<>();
    settings
        .apps()
        .forEach(
            a ->
                byId.put(
                    a.agentId(),
                    new CallbackCrypto(a.token(), a.aesKey(), settings.corpId(), "corp")));
    this.cryptos = Map.copyOf(byId);
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/callbacks/wecom/{agentId}", this::verifyUrl)
        .POST("/callbacks/wecom/{agentId}", this::receive)
        .onError(Throwable.class, (e, r) -> CallbackProblem.respond(e, r, "WeCom"))
        .build();
  }

  private Mono<ServerResponse> verifyUrl(ServerRequest request) {
    return Mono.fromCallable(
            () -> {
              int agentId = agentId(request);
              CallbackCrypto crypto = crypto(agentId);
              Signed signed = signed(request);
              // Base64 has no spaces: a '+' decoded as a space came unencoded in the query.
              String echo = required(request, "echostr").replace(' ', '+');
              return decrypt(crypto, signed, echo);
            })
        .flatMap(plain -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(plain));
  }

  private Mono<ServerResponse> receive(ServerRequest request) {
    return Mono.defer(
        () -> {
          int agentId = agentId(request);
          CallbackCrypto crypto = crypto(agentId);
          Signed signed = signed(request);
          return CallbackProblem.body(request, MAX_BODY_BYTES)
              .map(
                  xml -> {
                    Map<String, String> envelope = xml(xml);
                    String encrypt = envelope.get("Encrypt");
                    if (encrypt == null || encrypt.isBlank()) {
                      throw CallbackProblem.of(
                          HttpStatus.BAD_REQUEST, "the body has no Encrypt element");
                    }
                    Map<String, String> fields = xml(decrypt(crypto, signed, encrypt));
                    WecomDirectory d = directory;
                    if (d != null && WecomDirectory.isContactChange(fields)) {
                      d.changed(fields);
                    }
                    return WecomEvents.map(fields, agentId, clock.instant());
                  })
              .flatMap(this::enqueue);
        });
  }

  /**
   * Queues the event and answers 200. A click's response code travels inside the event and is
   * stored by the pipeline, so the acknowledgement waits for Redis alone, never for PostgreSQL.
   */
  private Mono<ServerResponse> enqueue(InboundEvent event) {
    return queue
        .enqueue(event)
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the queue answered nothing")))
        .timeout(ENQUEUE_TIMEOUT)
        .onErrorMap(
            e -> !(e instanceof CallbackProblem),
            e -> {
              log.warn("could not queue WeCom event {}: {}", event.eventId(), e.toString());
              return CallbackProblem.unavailable(
                  "the event could not be queued; WeCom will retry", Duration.ofSeconds(5));
            })
        .flatMap(appended -> ServerResponse.ok().build());
  }

  // --- request parts ----------------------------------------------------------------------------

  private record Signed(String signature, String timestamp, String nonce) {}

  private static int agentId(ServerRequest request) {
    try {
      return Integer.parseInt(request.pathVariable("agentId"));
    } catch (NumberFormatException e) {
      throw CallbackProblem.of(HttpStatus.NOT_FOUND, "no WeCom app with this agent id");
    }
  }

  private CallbackCrypto crypto(int agentId) {
    CallbackCrypto crypto = cryptos.get(agentId);
    if (crypto == null) {
      throw CallbackProblem.of(HttpStatus.NOT_FOUND, "no WeCom app with this agent id");
    }
    return crypto;
  }

  private Signed signed(ServerRequest request) {
    String signature = required(request, "msg_signature");
    String timestamp = required(request, "timestamp");
    String nonce = required(request, "nonce");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw CallbackProblem.of(HttpStatus.BAD_REQUEST, "timestamp is not a number");
    }
    Instant now = clock.instant();
    if (Math.abs(now.getEpochSecond() - seconds) > settings.maxClockSkew().toSeconds()) {
      throw CallbackProblem.of(
          HttpStatus.BAD_REQUEST, "timestamp is too far from the server's clock");
    }
    return new Signed(signature, timestamp, nonce);
  }

  private static String required(ServerRequest request, String name) {
    Optional<String> value = request.queryParam(name);
    if (value.isEmpty() || value.get().isBlank() || value.get().length() > 4096) {
      throw CallbackProblem.of(HttpStatus.BAD_REQUEST, "query parameter " + name + " is missing");
    }
    return value.get();
  }

  private static String decrypt(CallbackCrypto crypto, Signed s, String encrypt) {
    try {
      return crypto.verifyAndDecrypt(s.signature(), s.timestamp(), s.nonce(), encrypt);
    } catch (CryptoException e) {
      HttpStatus status =
          switch (e.failure()) {
            case BAD_SIGNATURE -> HttpStatus.UNAUTHORIZED;
            case WRONG_RECEIVER -> HttpStatus.FORBIDDEN;
            case MALFORMED -> HttpStatus.BAD_REQUEST;
          };
      throw CallbackProblem.of(status, e.getMessage());
    }
  }

  private static Map<String, String> xml(String text) {
    try {
      return CallbackXml.fields(text);
    } catch (NotXmlException e) {
      throw CallbackProblem.of(
          HttpStatus.BAD_REQUEST, "the body is not WeCom XML: " + e.getMessage());
    }
  }
}
