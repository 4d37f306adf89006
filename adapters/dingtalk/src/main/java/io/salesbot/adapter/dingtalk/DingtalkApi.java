package io.salesbot.adapter.dingtalk;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.salesbot.adapter.support.PlatformErrors;
import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.AccessTokens.Token;
import io.salesbot.core.platform.ChatDeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk's new-style API ({@code api.dingtalk.com/v1.0/...}), fenced: every blocking call runs on
 * {@code boundedElastic} behind one bulkhead, circuit breaker and retry per platform. Access tokens
 * ({@code POST /v1.0/oauth2/accessToken}, 7200 s) are shared through {@link AccessTokens} and
 * refreshed by one instance under its lock. Errors become {@link ChatDeliveryException}s whose
 * {@code retryable} says whether trying again can help: throttling (HTTP 429, codes 90002 and
 * 130101, {@code Throttling.*}, {@code Forbidden.AccessDenied.QpsLimitForApi}-style codes),
 * DingTalk's 5xx and I/O errors are; the rest is not. Before each attempt the call takes a token
 * from the API's cluster-wide QPS budget ({@link DingtalkBudgets#api}); waiting for one is not a
 * failure of DingTalk, so the circuit breaker does not count it.
 *
 * <p>{@link #webhook} posts to a message's {@code sessionWebhook}: the same fences and budget, no
 * access token. Its body is the robot message format ({@code {"msgtype":"text","text":{"content":
 * …}}}), as DingTalk's own {@code BotReplier} in {@code app-stream-client} 1.3.12 sends it (read
 * from its bytecode); its answer is {@code {"errcode":0,"errmsg":"ok"}} on success — that answer's
 * shape is taken from the custom-robot documentation and not verified for session webhooks.
 *
 * <p>Calls go through the JDK's HTTP client rather than the Tea-based {@code com.aliyun:dingtalk}
 * SDK: the JSON bodies are small and documented, and the SDK's OkHttp 3 stack would be a second
 * HTTP client with its own pools and retries to turn off.
 */
final class DingtalkApi {
  static final String PLATFORM = "dingtalk";
  static final Set<String> RETRYABLE_CODES = Set.of("90002", "130101", "-1");
  static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final DingtalkSettings settings;
  private final AccessTokens tokens;
  private final Clock clock;
  private final String tokenKey;
  private final String owner;
  private final HttpClient http;
  private final Bulkhead bulkhead;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;
  private final DingtalkBudgets budgets;

  DingtalkApi(
      DingtalkSettings settings, AccessTokens tokens, Clock clock, DingtalkBudgets budgets) {
    this.budgets = budgets;
    this.settings = settings;
    this.tokens = tokens;
    this.clock = clock;
    this.tokenKey = "dingtalk:" + settings.clientId();
    byte[] id = new byte[6];
    ThreadLocalRandom.current().nextBytes(id);
    this.owner = HexFormat.of().formatHex(id);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.bulkhead =
        Bulkhead.of(
            "dingtalk",
            BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ofSeconds(2))
                .build());
    this.circuitBreaker =
        CircuitBreaker.of(
            "dingtalk",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(e -> PlatformErrors.isRetryable(e) && !outOfBudget(e))
                .ignoreException(DingtalkApi::outOfBudget)
                .build());
    this.retry =
        Retry.of(
            "dingtalk",
            RetryConfig.custom()
                .maxAttempts(settings.retryAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(settings.retryBackoff(), 2.0, 0.5))
                .retryOnException(PlatformErrors::isRetryable)
                .build());
  }

  CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  /** Calls {@code method path} with {@code body} and the shared access token. */
  Mono<JsonNode> call(String method, String path, ObjectNode body) {
    String json = DingtalkEvents.JSON.writeValueAsString(body);
    Mono<JsonNode> once =
        token()
            .flatMap(
                token ->
                    Mono.fromCallable(
                            () -> send(method, settings.apiBaseUrl() + path, json, token.value()))
                        .subscribeOn(Schedulers.boundedElastic())
                        .onErrorResume(
                            ChatDeliveryException.class,
                            e ->
                                "401".equals(e.code())
                                    ? tokens.invalidate(tokenKey, token.value()).then(Mono.error(e))
                                    : Mono.error(e)))
            .onErrorMap(e -> !(e instanceof ChatDeliveryException), DingtalkApi::translate);
    return fenced(path, once);
  }

  /** Posts {@code body} to a message's session webhook (no access token). */
  Mono<JsonNode> webhook(String url, ObjectNode body) {
    String json = DingtalkEvents.JSON.writeValueAsString(body);
    Mono<JsonNode> once =
        Mono.fromCallable(() -> send("POST", url, json, null))
            .subscribeOn(Schedulers.boundedElastic())
            .onErrorMap(e -> !(e instanceof ChatDeliveryException), DingtalkApi::translate);
    return fenced("session-webhook", once);
  }

  /**
   * Posts {@code body} to DingTalk's old API ({@code https://oapi.dingtalk.com}{@code path}, e.g.
   * {@code /topapi/v2/department/get}) with the shared access token as {@code ?access_token=}; an
   * answer with {@code errcode} 0 or an error. The token from {@code /v1.0/oauth2/accessToken} is
   * the app's one access token, valid on both hosts (DingTalk's documentation says so; not checked
   * against the live service). Token errors (40014, 42001, 88) drop the shared token.
   */
  Mono<JsonNode> oapi(String baseUrl, String path, ObjectNode body) {
    String json = DingtalkEvents.JSON.writeValueAsString(body);
    Mono<JsonNode> once =
        token()
            .flatMap(
                token ->
                    Mono.fromCallable(
                            () ->
                                send(
                                    "POST",
                                    baseUrl
                                        + path
                                        + "?access_token="
                                        + java.net.URLEncoder.encode(
                                            token.value(), StandardCharsets.UTF_8),
                                    json,
                                    null))
                        .subscribeOn(Schedulers.boundedElastic())
                        .onErrorResume(
                            ChatDeliveryException.class,
                            e ->
                                OAPI_TOKEN_ERRORS.contains(e.code())
                                    ? tokens.invalidate(tokenKey, token.value()).then(Mono.error(e))
                                    : Mono.error(e)))
            .onErrorMap(e -> !(e instanceof ChatDeliveryException), DingtalkApi::translate);
    return fenced(path, once);
  }

  /** The old API's errcodes for an invalid or expired access token. */
  static final Set<String> OAPI_TOKEN_ERRORS = Set.of("40014", "42001", "88", "401");

  /**
   * One bulkhead, circuit breaker and retry around every call, after a slot of the API's QPS budget
   * ({@code api}): waiting for the slot holds no bulkhead permit, and running out of budget is
   * neither a DingTalk failure for the circuit breaker nor the end (the retry tries again).
   */
  private Mono<JsonNode> fenced(String api, Mono<JsonNode> once) {
    return Mono.defer(
            () ->
                budgets
                    .api(api)
                    .then(
                        once.transformDeferred(BulkheadOperator.of(bulkhead))
                            .onErrorMap(
                                BulkheadFullException.class, e -> unavailable("bulkhead-full", e))))
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .onErrorMap(CallNotPermittedException.class, e -> unavailable("circuit-open", e))
        .transformDeferred(RetryOperator.of(retry));
  }

  // --- access tokens
  // ------------------------------------------------------------------------------

  private Mono<Token> token() {
    return tokens
        .get(tokenKey)
        .filter(t -> t.expiresAt().isAfter(clock.instant()))
        .switchIfEmpty(Mono.defer(this::refresh));
  }

  private Mono<Token> refresh() {
    return tokens
        .tryLock(tokenKey, owner, Duration.ofSeconds(10))
        .flatMap(
            locked -> {
              if (!locked) {
                // Another instance is refreshing: wait for its token, or fetch our own.
                return tokens
                    .get(tokenKey)
                    .delaySubscription(Duration.ofMillis(200))
                    .repeatWhenEmpty(10, f -> f.delayElements(Duration.ofMillis(200)))
                    .switchIfEmpty(Mono.defer(this::fetchToken));
              }
              return tokens
                  .get(tokenKey)
                  .filter(t -> t.expiresAt().isAfter(clock.instant()))
                  .switchIfEmpty(
                      Mono.defer(this::fetchToken)
                          .flatMap(t -> tokens.put(tokenKey, t).thenReturn(t)))
                  .flatMap(t -> tokens.unlock(tokenKey, owner).thenReturn(t))
                  .onErrorResume(
                      e -> tokens.unlock(tokenKey, owner).onErrorComplete().then(Mono.error(e)));
            });
  }

  private Mono<Token> fetchToken() {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("appKey", settings.clientId());
    body.put("appSecret", settings.clientSecret());
    String json = DingtalkEvents.JSON.writeValueAsString(body);
    return Mono.fromCallable(
            () -> send("POST", settings.apiBaseUrl() + "/v1.0/oauth2/accessToken", json, null))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            answer -> {
              String value = DingtalkEvents.text(answer, "accessToken");
              long expireIn = answer.path("expireIn").asLong(7200);
              if (value.isBlank()) {
                throw new ChatDeliveryException(
                    PLATFORM, "token", "no accessToken in answer", true);
              }
              return new Token(
                  value, clock.instant().plusSeconds(Math.max(60, expireIn)).minus(TOKEN_MARGIN));
            });
  }

  // --- HTTP
  // ---------------------------------------------------------------------------------------

  private JsonNode send(
      String method, String url, String json, @org.jspecify.annotations.Nullable String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(CALL_TIMEOUT)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (token != null) {
      request.header("x-acs-dingtalk-access-token", token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    String text = response.body();
    int status = response.statusCode();
    JsonNode answer;
    try {
      answer =
          text == null || text.isBlank()
              ? DingtalkEvents.JSON.createObjectNode()
              : DingtalkEvents.JSON.readTree(text);
    } catch (tools.jackson.core.JacksonException e) {
      if (status >= 200 && status < 300) {
        throw e;
      }
      // An error page that is not JSON (a proxy's 429 or 502): judge by the status alone.
      answer = DingtalkEvents.JSON.createObjectNode();
    }
    String errcode = DingtalkEvents.text(answer, "errcode");
    if (status >= 200 && status < 300 && (errcode.isEmpty() || "0".equals(errcode))) {
      return answer;
    }
    String code = DingtalkEvents.text(answer, "code");
    if (code.isEmpty()) {
      code = errcode.isEmpty() ? Integer.toString(status) : errcode;
    }
    String message = DingtalkEvents.text(answer, "message");
    if (message.isEmpty()) {
      message = DingtalkEvents.text(answer, "errmsg");
    }
    if (status == 401 || code.startsWith("InvalidAuthentication")) {
      throw new ChatDeliveryException(PLATFORM, "401", code + " " + message, true);
    }
    boolean retryable =
        status == 429
            || status >= 500
            || RETRYABLE_CODES.contains(code)
            || code.startsWith("Throttling")
            || code.contains("Forbidden.AccessDenied.QpsLimit");
    throw new ChatDeliveryException(PLATFORM, code, message + " (HTTP " + status + ")", retryable);
  }

  /** The API's QPS budget had no slot within {@link DingtalkBudgets#MAX_API_WAIT}. */
  static boolean outOfBudget(Throwable e) {
    return e instanceof ChatDeliveryException c && DingtalkBudgets.OUT_OF_BUDGET.equals(c.code());
  }

  private static ChatDeliveryException unavailable(String code, Throwable e) {
    return new ChatDeliveryException(PLATFORM, code, String.valueOf(e.getMessage()), true);
  }

  static ChatDeliveryException translate(Throwable e) {
    return PlatformErrors.translate(PLATFORM, e, null, null, Set.of());
  }
}
