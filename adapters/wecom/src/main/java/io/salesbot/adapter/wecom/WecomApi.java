package io.salesbot.adapter.wecom;

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
import io.salesbot.core.platform.ChatDeliveryException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * WeCom's API through WxJava (HTTP, access tokens, error parsing), fenced: every blocking call runs
 * on {@code boundedElastic} behind one bulkhead, circuit breaker and retry per platform, and is
 * given up after {@code sending.callTimeout} ({@code timeout}, retryable); WxJava's own retries are
 * off. The codes {@code circuit-open}, {@code bulkhead-full}, {@code io} and {@code timeout} mean
 * "WeCom cannot be reached now": {@code DeliverOutbound} lets such commands wait in the outbox.
 * WeCom's error codes become {@link ChatDeliveryException}s whose {@code retryable} says whether
 * trying again can help.
 */
final class WecomApi {
  static final String PLATFORM = "wecom";

  /**
   * -1 busy, 45009 frequency limit, 45033 concurrency limit; token errors left after WxJava's one
   * refresh.
   */
  static final Set<Integer> RETRYABLE = Set.of(-1, 45009, 45033, 40001, 40014, 42001);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WxCpService service;
  private final SharedTokenStorage storage;
  private final Bulkhead bulkhead;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;
  private final Duration callTimeout;

  WecomApi(WecomSettings settings, WecomSettings.App app, AccessTokens tokens, Clock clock) {
    this.storage = new SharedTokenStorage(tokens, clock, settings.corpId(), app.agentId());
    storage.setCorpId(settings.corpId());
    storage.setCorpSecret(app.secret());
    storage.setAgentId(app.agentId());
    storage.setToken(app.token());
    storage.setAesKey(app.aesKey());
    storage.setBaseApiUrl(settings.apiBaseUrl());
    WxCpServiceImpl wx = new NoRetryService();
    wx.setWxCpConfigStorage(storage);
    wx.setMaxRetryTimes(0);
    this.service = wx;
    this.callTimeout = settings.sending().callTimeout();
    this.bulkhead =
        Bulkhead.of(
            "wecom",
            BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ofSeconds(2))
                .build());
    this.circuitBreaker =
        CircuitBreaker.of(
            "wecom",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.sending().circuitOpenFor())
                .recordException(PlatformErrors::isRetryable)
                .build());
    this.retry =
        Retry.of(
            "wecom",
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

  /**
   * POSTs {@code body} to {@code path} (e.g. {@code /cgi-bin/message/send}); errcode 0 or an error.
   */
  Mono<JsonNode> post(String path, ObjectNode body) {
    String json = JSON.writeValueAsString(body);
    return fenced(() -> service.post(storage.getApiUrl(path), json));
  }

  /**
   * GETs {@code path} with {@code query} (without the access token, which WxJava adds), e.g. {@code
   * /cgi-bin/department/get}, {@code id=2}; errcode 0 or an error. Fenced like {@link #post}.
   */
  Mono<JsonNode> get(String path, String query) {
    return fenced(() -> service.get(storage.getApiUrl(path), query));
  }

  /**
   * One blocking WxJava call on {@code boundedElastic}, within the call timeout, behind the
   * bulkhead and the circuit breaker, retried on retryable errors; errcode 0 or an error.
   */
  private Mono<JsonNode> fenced(Callable<String> blocking) {
    Mono<JsonNode> call =
        Mono.fromCallable(blocking)
            .subscribeOn(Schedulers.boundedElastic())
            .timeout(callTimeout)
            .map(WecomApi::parse)
            .onErrorMap(e -> !(e instanceof ChatDeliveryException), WecomApi::translate);
    return call.transformDeferred(BulkheadOperator.of(bulkhead))
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .onErrorMap(CallNotPermittedException.class, e -> unavailable("circuit-open", e))
        .onErrorMap(BulkheadFullException.class, e -> unavailable("bulkhead-full", e))
        .transformDeferred(RetryOperator.of(retry));
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return JSON.createObjectNode();
    }
    return JSON.readTree(text);
  }

  private static ChatDeliveryException unavailable(String code, Throwable e) {
    return new ChatDeliveryException(PLATFORM, code, e.getMessage(), true);
  }

  static ChatDeliveryException translate(Throwable e) {
    if (e instanceof TimeoutException) {
      // WeCom may or may not have acted on it; the command is tried again (at least once).
      return new ChatDeliveryException(PLATFORM, "timeout", "no answer in time", true);
    }
    if (e instanceof WxErrorException wx) {
      // No error object: code 0, which an I/O cause turns into an I/O error.
      return wx.getError() == null
          ? PlatformErrors.translate(PLATFORM, e, 0, e.toString(), RETRYABLE)
          : PlatformErrors.translate(
              PLATFORM, e, wx.getError().getErrorCode(), wx.getError().getErrorMsg(), RETRYABLE);
    }
    return PlatformErrors.translate(PLATFORM, e, null, null, RETRYABLE);
  }

  /**
   * WxJava's service without its retry loop: with {@code maxRetryTimes} 0 its {@code execute} turns
   * every error into a {@code WxRuntimeException} without the error code, and with more it sleeps
   * on errcode -1. This calls straight through; WxJava still refreshes the token once on 40001,
   * 40014 or 42001.
   */
  private static final class NoRetryService extends WxCpServiceImpl {
    @Override
    public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data)
        throws WxErrorException {
      return executeInternal(executor, uri, data, false);
    }
  }
}
