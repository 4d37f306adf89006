package io.salesbot.adapter.dingtalk;

import io.salesbot.adapter.support.PlatformErrors;
import io.salesbot.adapter.support.PlatformFence;
import io.salesbot.adapter.support.SharedAccessToken;
import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.MonthlyQuota;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk's new-style API ({@code api.dingtalk.com/v1.0/...}), fenced: every blocking call runs on
 * {@code boundedElastic} behind one bulkhead, circuit breaker and retry per platform. Access tokens
 * ({@code POST /v1.0/oauth2/accessToken}, 7200 s) are shared through {@link AccessTokens} by a
 * {@link SharedAccessToken}, like WeCom's: one instance refreshes under the shared lock. Errors
 * become {@link ChatDeliveryException}s whose {@code retryable} says whether trying again can help:
 * throttling ({@link #RETRYABLE_CODES}, HTTP 429, {@code Throttling.*}, {@code
 * Forbidden.AccessDenied.QpsLimit*} and {@code QpmLimit*}), DingTalk's 5xx and I/O errors are; the
 * rest is not. Before each attempt the call takes a token from the API's cluster-wide QPS budget
 * ({@link DingtalkBudgets#api}); waiting for one is not a failure of DingTalk, so the circuit
 * breaker does not count it.
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

  /**
   * Throttling and busy answers, retried with back-off (DingTalk doc 服务端API 错误码 {@code
   * 0013-server-api-error-codes-1.md} and 调用频次与限流 {@code
   * 1433-how-to-process-api-throttling-on-the-dingtalk-server.md}): {@code 90002} / {@code 90018}
   * (old API: global and per-app-and-API QPS), custom-robot {@code 130101} and {@code 410100} (20 a
   * minute), the robot sends' {@code send.too.fast}, {@code send.byToken.tooFast}, {@code
   * too.many.group}, {@code too.many.people}, and {@code -1} (system busy).
   */
  static final Set<String> RETRYABLE_CODES =
      Set.of(
          "90002",
          "90018",
          "130101",
          "410100",
          "-1",
          "send.too.fast",
          "send.byToken.tooFast",
          "too.many.group",
          "too.many.people",
          "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi",
          "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
          "Forbidden.AccessDenied.QpsLimitForApi");

  /**
   * The sub codes of old-API errcode {@code 88} (鉴权异常, "see subCode and subMsg") that mean the
   * access token itself is bad: missing, invalid or expired. Other sub codes (a missing permission,
   * say) keep the token.
   */
  static final Set<String> TOKEN_SUB_CODES = Set.of("40014", "42001", "41001", "40001");

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The organisation's monthly API-call quota is used up (调用频次与限流 {@code
   * 1433-how-to-process-api-throttling-on-the-dingtalk-server.md}): {@code 90020} on the old API,
   * {@code Forbidden.AccessDenied.ApiCountLimitForOrg} on the new one.
   */
  static final Set<String> QUOTA_CODES =
      Set.of("90020", "Forbidden.AccessDenied.ApiCountLimitForOrg");

  /** The code of the error a call gets while the monthly quota is spent: the command waits. */
  static final String MONTHLY_QUOTA = "monthly-quota";

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DingtalkApi.class);

  private final DingtalkSettings settings;
  private final SharedAccessToken token;
  private final HttpClient http;
  private final PlatformFence fence;
  private final DingtalkBudgets budgets;
  private final @org.jspecify.annotations.Nullable DingtalkMonthlyQuotas quotas;

  DingtalkApi(
      DingtalkSettings settings,
      AccessTokens tokens,
      Clock clock,
      DingtalkBudgets budgets,
      @org.jspecify.annotations.Nullable DingtalkMonthlyQuotas quotas) {
    this.budgets = budgets;
    this.quotas = quotas;
    this.settings = settings;
    this.token =
        new SharedAccessToken(tokens, clock, "dingtalk:" + settings.clientId(), "DingTalk");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    // Running out of the API's QPS budget is not a failure of DingTalk.
    this.fence =
        new PlatformFence(
            PLATFORM,
            new PlatformFence.Limits(
                settings.maxConcurrentCalls(),
                Duration.ofSeconds(30),
                settings.retryAttempts(),
                settings.retryBackoff()),
            DingtalkApi::outOfBudget);
  }

  /**
   * Calls {@code method path} with {@code body} and the shared access token, within the monthly
   * API-call quota: while it is spent the call is not made and fails with {@link #MONTHLY_QUOTA}
   * (also when DingTalk answers {@link #QUOTA_CODES}); a call DingTalk answered is counted, except
   * throttled ones (retryable: DingTalk does not count those).
   */
  Mono<JsonNode> call(String method, String path, ObjectNode body) {
    return call(method, path, body, () -> {});
  }

  /**
   * As {@link #call(String, String, ObjectNode)}; {@code eachTry} runs before every request sent,
   * the fence's retries included, so the caller can tell whether an earlier try of this call went
   * out (and may have been carried out although its answer never came).
   */
  Mono<JsonNode> call(String method, String path, ObjectNode body, Runnable eachTry) {
    String json = DingtalkEvents.JSON.writeValueAsString(body);
    Mono<JsonNode> call =
        withToken(
            path,
            Set.of("401"),
            token -> {
              eachTry.run();
              return send(method, settings.apiBaseUrl() + path, json, token);
            });
    DingtalkMonthlyQuotas q = quotas;
    if (q == null) {
      return call;
    }
    MonthlyQuota quota = q.api();
    return quota
        .waitFor()
        .flatMap(
            wait ->
                Mono.<JsonNode>error(
                    quotaSpent(path + ": the month's API calls are used up; again in " + wait)))
        .switchIfEmpty(
            call.flatMap(answer -> count(quota).thenReturn(answer))
                .onErrorResume(
                    e -> e instanceof ChatDeliveryException c && QUOTA_CODES.contains(c.code()),
                    e -> quota.spent().then(Mono.error(quotaSpent(e.getMessage()))))
                .onErrorResume(
                    e -> e instanceof ChatDeliveryException c && !c.retryable() && !overQuota(e),
                    e -> count(quota).then(Mono.error(e))));
  }

  /** One call counted; a counter that cannot be reached does not fail the call. */
  private static Mono<Void> count(MonthlyQuota quota) {
    return quota
        .counted()
        .onErrorResume(
            e -> {
              log.warn(
                  "could not count a DingTalk call against the monthly quota: {}", e.toString());
              return Mono.empty();
            });
  }

  /** One push counted (a webhook reply, an event, a click), in the background. */
  void countPush() {
    DingtalkMonthlyQuotas q = quotas;
    if (q != null) {
      count(q.pushes()).subscribe();
    }
  }

  /** How long a command waits while the monthly API-call quota is spent. */
  Duration quotaRetryAfter() {
    DingtalkMonthlyQuotas q = quotas;
    return q == null ? MonthlyQuota.RECHECK : q.api().retryAfter();
  }

  private static ChatDeliveryException quotaSpent(String detail) {
    return new ChatDeliveryException(PLATFORM, MONTHLY_QUOTA, detail, false);
  }

  /** The call was not made, or refused, because the month's API-call quota is spent. */
  static boolean overQuota(Throwable e) {
    return e instanceof ChatDeliveryException c && MONTHLY_QUOTA.equals(c.code());
  }

  /** Posts {@code body} to a message's session webhook (no access token); counted as a push. */
  Mono<JsonNode> webhook(String url, ObjectNode body) {
    String json = DingtalkEvents.JSON.writeValueAsString(body);
    return fenced(
            "session-webhook",
            fence.blocking(() -> send("POST", url, json, null), null, DingtalkApi::translate))
        .doOnNext(answer -> countPush());
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
    return withToken(
        path,
        OAPI_TOKEN_ERRORS,
        token ->
            send(
                "POST",
                baseUrl
                    + path
                    + "?access_token="
                    + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8),
                json,
                null));
  }

  /**
   * Calls {@code method path} on the new API without the app's access token: with a person's access
   * token ({@code userToken}, sent as {@code x-acs-dingtalk-access-token}) or none. Fenced and
   * within the API's QPS budget like {@link #call}, not counted against the monthly quota (used for
   * console sign-in only). A null {@code json} sends no body.
   */
  Mono<JsonNode> plain(
      String method,
      String path,
      @org.jspecify.annotations.Nullable String json,
      @org.jspecify.annotations.Nullable String userToken) {
    return fenced(
        path,
        fence.blocking(
            () -> send(method, settings.apiBaseUrl() + path, json, userToken),
            null,
            DingtalkApi::translate));
  }

  /** One call with the shared access token; {@code tokenErrors} drop that token (shared). */
  private Mono<JsonNode> withToken(String api, Set<String> tokenErrors, TokenCall call) {
    Mono<JsonNode> once =
        token()
            .flatMap(
                value ->
                    fence
                        .blocking(() -> call.send(value), null, DingtalkApi::translate)
                        .onErrorResume(
                            ChatDeliveryException.class,
                            e ->
                                tokenErrors.contains(e.code())
                                    ? expire(value).then(Mono.error(e))
                                    : Mono.error(e)))
            .onErrorMap(e -> !(e instanceof ChatDeliveryException), DingtalkApi::translate);
    return fenced(api, once);
  }

  /** A blocking HTTP call made with an access token. */
  @FunctionalInterface
  private interface TokenCall {
    JsonNode send(String token) throws IOException, InterruptedException;
  }

  /** The old API's errcodes for an invalid or expired access token. */
  static final Set<String> OAPI_TOKEN_ERRORS = Set.of("40014", "42001", "88", "401");

  /**
   * The fence around every call, after a slot of the API's QPS budget ({@code api}): waiting for
   * the slot holds no bulkhead permit, and running out of budget is neither a DingTalk failure for
   * the circuit breaker nor the end (the retry tries again).
   */
  private Mono<JsonNode> fenced(String api, Mono<JsonNode> once) {
    return fence.fenced(budgets.api(api), once);
  }

  // --- access tokens
  // ------------------------------------------------------------------------------

  /** The shared access token, fetched by one instance under the shared lock when none is live. */
  private Mono<String> token() {
    return fence.blocking(() -> token.get(this::fetchToken), null, DingtalkApi::translate);
  }

  /** DingTalk refused {@code value}: drop it here and in the shared store. */
  private Mono<Void> expire(String value) {
    return Mono.<Void>fromRunnable(() -> token.expire(value))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private SharedAccessToken.Fetched fetchToken() throws IOException, InterruptedException {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("appKey", settings.clientId());
    body.put("appSecret", settings.clientSecret());
    String json = DingtalkEvents.JSON.writeValueAsString(body);
    JsonNode answer = send("POST", settings.apiBaseUrl() + "/v1.0/oauth2/accessToken", json, null);
    String value = DingtalkEvents.text(answer, "accessToken");
    if (value.isBlank()) {
      throw new ChatDeliveryException(PLATFORM, "token", "no accessToken in answer", true);
    }
    return new SharedAccessToken.Fetched(value, (int) answer.path("expireIn").asLong(7200));
  }

  // --- HTTP
  // ---------------------------------------------------------------------------------------

  private JsonNode send(
      String method,
      String url,
      @org.jspecify.annotations.Nullable String json,
      @org.jspecify.annotations.Nullable String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(CALL_TIMEOUT)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
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
    if ("88".equals(code)) {
      // 鉴权异常: only its token sub codes are about the token; "88" alone drops the token.
      String sub = DingtalkEvents.text(answer, "sub_code");
      if (sub.isEmpty()) {
        sub = DingtalkEvents.text(answer, "subCode");
      }
      if (!TOKEN_SUB_CODES.contains(sub)) {
        code = "88." + (sub.isEmpty() ? "unknown" : sub);
      }
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
            || code.startsWith("Forbidden.AccessDenied.QpsLimit")
            || code.startsWith("Forbidden.AccessDenied.QpmLimit");
    throw new ChatDeliveryException(PLATFORM, code, message + " (HTTP " + status + ")", retryable);
  }

  /** The API's QPS budget had no slot within {@link DingtalkBudgets#MAX_API_WAIT}. */
  static boolean outOfBudget(Throwable e) {
    return e instanceof ChatDeliveryException c && DingtalkBudgets.OUT_OF_BUDGET.equals(c.code());
  }

  static ChatDeliveryException translate(Throwable e) {
    return PlatformErrors.translate(PLATFORM, e, null, null, Set.of());
  }

  /** True while the fence's circuit breaker for DingTalk's API is open on this instance. */
  boolean circuitOpen() {
    return fence.circuitOpen();
  }
}
