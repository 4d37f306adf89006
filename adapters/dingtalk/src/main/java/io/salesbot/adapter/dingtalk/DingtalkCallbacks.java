package io.salesbot.adapter.dingtalk;

import io.salesbot.adapter.support.CallbackCrypto.CryptoException;
import io.salesbot.adapter.support.CallbackProblem;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.platform.Quotas;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /callbacks/dingtalk} (event subscriptions, encrypted) and {@code POST
 * /callbacks/dingtalk/robot} (robot messages and card callbacks, signed with the app secret).
 * Verifies, decrypts, maps to a neutral event, queues it and answers; no use case runs here. Bad
 * input is a 4xx problem with nothing queued; a queue that cannot take the event is a 503 (DingTalk
 * retries events).
 */
final class DingtalkCallbacks {
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final Duration ENQUEUE_TIMEOUT = Duration.ofSeconds(1);

  /**
   * How long a card click may wait for the queue: DingTalk wants the answer within 2 s. A click not
   * queued by then is answered 503 and DingTalk's retry of the push finds it queued (the dedupe
   * drops the second copy) or queues it then.
   */
  static final Duration CLICK_ENQUEUE_TIMEOUT = Duration.ofMillis(1500);

  /** Timestamps above this are milliseconds (DingTalk's usual), below it seconds. */
  private static final long MILLIS_THRESHOLD = 100_000_000_000L;

  private static final String NONCE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private static final Logger log = LoggerFactory.getLogger(DingtalkCallbacks.class);

  private final DingtalkSettings settings;
  private final @Nullable DingtalkCrypto crypto;
  private final InboundQueue queue;
  private final Clock clock;
  private final @Nullable SessionWebhooks webhooks;

  /** Counts each push DingTalk makes to salesbot against the monthly push quota. */
  private volatile Runnable pushed = () -> {};

  private volatile @Nullable DingtalkDirectory directory;
  private volatile @Nullable Quotas usedSigns;

  DingtalkCallbacks(DingtalkSettings settings, InboundQueue queue, Clock clock) {
    this(settings, queue, clock, null);
  }

  /** With {@code webhooks}: a robot text's {@code sessionWebhook} is kept for its reply. */
  DingtalkCallbacks(
      DingtalkSettings settings,
      InboundQueue queue,
      Clock clock,
      @Nullable SessionWebhooks webhooks) {
    this.webhooks = webhooks;
    this.settings = settings;
    this.queue = queue;
    this.clock = clock;
    String token = settings.token();
    String aesKey = settings.aesKey();
    this.crypto =
        token == null || aesKey == null || token.isBlank() || aesKey.length() != 43
            ? null
            : new DingtalkCrypto(token, aesKey, settings.clientId());
  }

  /**
   * Remembers each robot callback's {@code (timestamp, sign)} cluster-wide for the time it is
   * valid, so that a captured request cannot be replayed; returns this.
   */
  DingtalkCallbacks usedSigns(Quotas quotas) {
    this.usedSigns = quotas;
    return this;
  }

  /** Tells {@code directory} of org change events ({@code user_add_org}, …); returns this. */
  DingtalkCallbacks directory(DingtalkDirectory directory) {
    this.directory = directory;
    return this;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .POST("/callbacks/dingtalk", this::event)
        .POST("/callbacks/dingtalk/robot", this::robot)
        .POST(DingtalkSettings.CardCallback.PATH, this::card)
        .onError(Throwable.class, (e, r) -> CallbackProblem.respond(e, r, "DingTalk"))
        .build();
  }

  /**
   * Counts each signed push (robot message, card click, subscribed event other than the address
   * book's) with {@code counter}: DingTalk counts them in the month's Webhook &amp; Stream quota.
   */
  void onPush(Runnable counter) {
    this.pushed = counter;
  }

  // --- event subscriptions
  // ------------------------------------------------------------------------

  private Mono<ServerResponse> event(ServerRequest request) {
    return Mono.defer(
        () -> {
          DingtalkCrypto c = crypto;
          if (c == null) {
            throw CallbackProblem.of(
                HttpStatus.NOT_FOUND, "DingTalk HTTP event callbacks are not configured");
          }
          String signature = query(request, "msg_signature", "signature");
          String timestamp = query(request, "timeStamp", "timestamp");
          String nonce = query(request, "nonce", "nonce");
          checkClock(timestamp);
          return CallbackProblem.body(request, MAX_BODY_BYTES)
              .flatMap(
                  text -> {
                    JsonNode envelope = json(text);
                    String encrypt = DingtalkEvents.text(envelope, "encrypt");
                    if (encrypt.isBlank()) {
                      throw CallbackProblem.of(
                          HttpStatus.BAD_REQUEST, "the body has no \"encrypt\" field");
                    }
                    String plain = decrypt(c, signature, timestamp, nonce, encrypt);
                    JsonNode event = json(plain);
                    DingtalkDirectory d = directory;
                    boolean orgChange = DingtalkDirectory.isOrgChange(event);
                    if (d != null && orgChange) {
                      d.changed(event);
                    }
                    if (!orgChange
                        && !"check_url".equals(DingtalkEvents.text(event, "EventType"))) {
                      pushed.run();
                    }
                    Mono<Boolean> queued =
                        "check_url".equals(DingtalkEvents.text(event, "EventType"))
                            ? Mono.just(false)
                            : enqueue(
                                DingtalkEvents.subscribedEvent(event, plain, clock.instant()));
                    return queued.then(
                        Mono.fromSupplier(
                            () ->
                                c.encryptedMap(
                                    "success",
                                    Long.toString(clock.millis()),
                                    random(16),
                                    random(16))));
                  })
              .flatMap(
                  map ->
                      ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(map));
        });
  }

  // --- robot messages and card callbacks
  // ----------------------------------------------------------

  private Mono<ServerResponse> robot(ServerRequest request) {
    return Mono.defer(
        () -> {
          String timestamp = header(request, "timestamp");
          String sign = header(request, "sign");
          checkClock(timestamp);
          if (!DingtalkCrypto.robotSignMatches(timestamp, sign, settings.clientSecret())) {
            throw CallbackProblem.of(HttpStatus.UNAUTHORIZED, "sign does not match");
          }
          return firstUse(timestamp, sign)
              .then(CallbackProblem.body(request, MAX_BODY_BYTES))
              .flatMap(
                  text -> {
                    JsonNode payload = json(text);
                    if (!payload.isObject()) {
                      throw CallbackProblem.of(HttpStatus.BAD_REQUEST, "the body is not an object");
                    }
                    pushed.run();
                    boolean click = payload.has("outTrackId");
                    InboundEvent event =
                        click
                            ? DingtalkEvents.cardCallback(payload, clock.instant())
                            : DingtalkEvents.botMessage(payload, clock.instant());
                    Mono<Boolean> queued =
                        webhooks == null
                            ? enqueue(event)
                            : webhooks.remember(payload, event).then(enqueue(event));
                    // A click's answer updates the clicker's card at once (see clickAnswer).
                    return queued.thenReturn(click ? DingtalkCards.clickAnswer() : Map.of());
                  })
              .flatMap(
                  answer ->
                      ServerResponse.ok()
                          .contentType(MediaType.APPLICATION_JSON)
                          .bodyValue(answer));
        });
  }

  // --- card clicks (HTTP mode)
  // --------------------------------------------------------------------

  /**
   * {@code POST /callbacks/dingtalk/card}: a card click delivered to the URL registered for the
   * route key, signed with {@code x-ddpaas-signature-timestamp} and {@code x-ddpaas-signature} =
   * {@code Base64(HmacSHA256(apiSecret, timestamp))}; body {@code {type: "actionCallback",
   * outTrackId, corpId, userId, content}}. Answered like the Stream listener.
   */
  private Mono<ServerResponse> card(ServerRequest request) {
    return Mono.defer(
        () -> {
          DingtalkSettings.CardCallback callback = settings.cardCallback();
          if (callback == null) {
            throw CallbackProblem.of(
                HttpStatus.NOT_FOUND, "DingTalk HTTP card callbacks are not configured");
          }
          String timestamp = header(request, "x-ddpaas-signature-timestamp");
          String signature = header(request, "x-ddpaas-signature");
          long ts = checkClock(timestamp);
          if (!DingtalkCrypto.cardSignMatches(ts, signature, callback.secret())) {
            throw CallbackProblem.of(HttpStatus.UNAUTHORIZED, "x-ddpaas-signature does not match");
          }
          return CallbackProblem.body(request, MAX_BODY_BYTES)
              .flatMap(
                  text -> {
                    JsonNode payload = json(text);
                    if (!payload.isObject()
                        || DingtalkEvents.text(payload, "outTrackId").isBlank()) {
                      throw CallbackProblem.of(
                          HttpStatus.BAD_REQUEST, "the body is not a card callback");
                    }
                    pushed.run();
                    InboundEvent event = DingtalkEvents.cardCallback(payload, clock.instant());
                    return enqueue(event, CLICK_ENQUEUE_TIMEOUT)
                        .thenReturn(DingtalkCards.clickAnswer());
                  })
              .flatMap(
                  answer ->
                      ServerResponse.ok()
                          .contentType(MediaType.APPLICATION_JSON)
                          .bodyValue(answer));
        });
  }

  private Mono<Boolean> enqueue(InboundEvent event) {
    return enqueue(event, ENQUEUE_TIMEOUT);
  }

  /**
   * Refuses a {@code (timestamp, sign)} pair seen before within its validity (twice the allowed
   * clock skew): the signature covers only the timestamp, so a replay could carry any body.
   */
  private Mono<Void> firstUse(String timestamp, String sign) {
    Quotas used = usedSigns;
    if (used == null) {
      return Mono.empty();
    }
    String key = "dingtalk:" + settings.clientId() + ":robot-sign:" + timestamp + ":" + sign;
    return used.hit(key, 1, settings.maxClockSkew().multipliedBy(2))
        .timeout(ENQUEUE_TIMEOUT)
        .onErrorMap(
            e -> {
              log.warn(
                  "could not check the robot callback's signature for reuse: {}", e.toString());
              return CallbackProblem.unavailable(
                  "the callback could not be checked; DingTalk will retry", Duration.ofSeconds(5));
            })
        .flatMap(
            first ->
                first
                    ? Mono.<Void>empty()
                    : Mono.error(
                        CallbackProblem.of(
                            HttpStatus.CONFLICT, "this timestamp and sign were used already")));
  }

  private Mono<Boolean> enqueue(InboundEvent event, Duration timeout) {
    return queue
        .enqueue(event)
        .timeout(timeout)
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the queue answered nothing")))
        .onErrorMap(
            e -> !(e instanceof CallbackProblem),
            e -> {
              log.warn("could not queue DingTalk event {}: {}", event.eventId(), e.toString());
              return CallbackProblem.unavailable(
                  "the event could not be queued; DingTalk will retry", Duration.ofSeconds(5));
            });
  }

  // --- request parts
  // ------------------------------------------------------------------------------

  /** The timestamp in milliseconds or seconds, as sent; refused when too far from the clock. */
  private long checkClock(String timestamp) {
    long value;
    try {
      value = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw CallbackProblem.of(HttpStatus.BAD_REQUEST, "timestamp is not a number");
    }
    long millis = value >= MILLIS_THRESHOLD ? value : value * 1000;
    if (Math.abs(clock.millis() - millis) > settings.maxClockSkew().toMillis()) {
      throw CallbackProblem.of(
          HttpStatus.BAD_REQUEST, "timestamp is too far from the server's clock");
    }
    return value;
  }

  private static String query(ServerRequest request, String name, String alias) {
    Optional<String> value = request.queryParam(name);
    if (value.isEmpty() || value.get().isBlank()) {
      value = request.queryParam(alias);
    }
    if (value.isEmpty() || value.get().isBlank() || value.get().length() > 4096) {
      throw CallbackProblem.of(HttpStatus.BAD_REQUEST, "query parameter " + name + " is missing");
    }
    return value.get();
  }

  private static String header(ServerRequest request, String name) {
    String value = request.headers().firstHeader(name);
    if (value == null || value.isBlank() || value.length() > 256) {
      throw CallbackProblem.of(HttpStatus.UNAUTHORIZED, "header " + name + " is missing");
    }
    return value.strip();
  }

  private static String decrypt(
      DingtalkCrypto crypto, String signature, String timestamp, String nonce, String encrypt) {
    try {
      return crypto.verifyAndDecrypt(signature, timestamp, nonce, encrypt);
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

  private static JsonNode json(String text) {
    try {
      return DingtalkEvents.parse(text);
    } catch (IllegalArgumentException e) {
      throw CallbackProblem.of(HttpStatus.BAD_REQUEST, "the body is not JSON");
    }
  }

  private static String random(int length) {
    StringBuilder out = new StringBuilder(length);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < length; i++) {
      out.append(NONCE_CHARS.charAt(random.nextInt(NONCE_CHARS.length())));
    }
    return out.toString();
  }
}
