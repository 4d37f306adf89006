package io.salesbot.adapter.wechatmp;

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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.bean.result.WxMpQrCodeTicket;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The official accounts' API through WxJava mp, fenced: every blocking call runs on {@code
 * boundedElastic} behind one bulkhead, circuit breaker and retry for the platform; WxJava's own
 * retries are off. Error codes become {@link ChatDeliveryException}s.
 */
final class MpApi {
  /** -1 busy, 45009 frequency limit; token errors left after WxJava's one refresh. */
  static final Set<Integer> RETRYABLE = Set.of(-1, 45009, 40001, 40014, 42001);

  /** The customer-service window is closed (45015) or its quota is used up (45047). */
  static final Set<Integer> QUOTA = Set.of(45015, 45047);

  private final Map<String, WxMpService> services = new ConcurrentHashMap<>();
  private final Map<String, SharedTokenStorage> storages = new ConcurrentHashMap<>();
  private final Bulkhead bulkhead;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;

  MpApi(WechatMpSettings settings, AccessTokens tokens, Clock clock) {
    for (WechatMpSettings.Account account : settings.accounts().values()) {
      SharedTokenStorage storage = new SharedTokenStorage(tokens, clock, account.appId());
      storage.setAppId(account.appId());
      storage.setSecret(account.secret());
      storage.setToken(account.token());
      storage.setAesKey(account.aesKey());
      WxMpHostConfig hosts = new WxMpHostConfig();
      hosts.setApiHost(settings.apiBaseUrl());
      storage.setHostConfig(hosts);
      WxMpServiceImpl wx = new NoRetryService();
      wx.setWxMpConfigStorage(storage);
      wx.setMaxRetryTimes(0);
      services.put(account.appId(), wx);
      storages.put(account.appId(), storage);
    }
    this.bulkhead =
        Bulkhead.of(
            "wechat-mp",
            BulkheadConfig.custom()
                .maxConcurrentCalls(16)
                .maxWaitDuration(Duration.ofSeconds(2))
                .build());
    this.circuitBreaker =
        CircuitBreaker.of(
            "wechat-mp",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(PlatformErrors::isRetryable)
                .build());
    this.retry =
        Retry.of(
            "wechat-mp",
            RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(200), 2.0, 0.5))
                .retryOnException(PlatformErrors::isRetryable)
                .build());
  }

  /** WxJava's configuration of an account: crypto in callbacks uses it. */
  SharedTokenStorage storage(String appId) {
    SharedTokenStorage s = storages.get(appId);
    if (s == null) {
      throw new IllegalArgumentException("no official account " + appId);
    }
    return s;
  }

  /** Sends a customer-service text message. */
  Mono<Void> sendText(String appId, String openId, String text) {
    WxMpKefuMessage message = WxMpKefuMessage.TEXT().toUser(openId).content(text).build();
    return call(() -> service(appId).getKefuService().sendKefuMessage(message)).then();
  }

  /** The openid behind a silent OAuth ({@code snsapi_base}) code. */
  Mono<String> openIdFromCode(String appId, String code) {
    return call(() -> service(appId).getOAuth2Service().getAccessToken(code).getOpenId());
  }

  /** Where to send a browser for silent OAuth; it comes back to {@code redirectUri?code=..}. */
  String authorizationUrl(String appId, String redirectUri, String state) {
    return service(appId)
        .getOAuth2Service()
        .buildAuthorizationUrl(redirectUri, WxConsts.OAuth2Scope.SNSAPI_BASE, state);
  }

  /** A QR code for {@code scene}: temporary for {@code expireSeconds}, or permanent when null. */
  Mono<SceneQrCode> createQrCode(String appId, String scene, @Nullable Integer expireSeconds) {
    return call(
        () -> {
          WxMpService wx = service(appId);
          WxMpQrCodeTicket ticket =
              expireSeconds == null
                  ? wx.getQrcodeService().qrCodeCreateLastTicket(scene)
                  : wx.getQrcodeService().qrCodeCreateTmpTicket(scene, expireSeconds);
          String image = wx.getQrcodeService().qrCodePictureUrl(ticket.getTicket());
          return new SceneQrCode(
              scene,
              ticket.getTicket(),
              ticket.getUrl(),
              image,
              expireSeconds == null ? null : ticket.getExpireSeconds());
        });
  }

  private WxMpService service(String appId) {
    WxMpService s = services.get(appId);
    if (s == null) {
      throw new ChatDeliveryException(
          WechatMpSettings.PLATFORM, "unknown-account", "no official account " + appId, false);
    }
    return s;
  }

  private <T> Mono<T> call(Callable<T> blocking) {
    Mono<T> call =
        Mono.fromCallable(blocking)
            .subscribeOn(Schedulers.boundedElastic())
            .onErrorMap(e -> !(e instanceof ChatDeliveryException), MpApi::translate);
    return call.transformDeferred(BulkheadOperator.of(bulkhead))
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .onErrorMap(CallNotPermittedException.class, e -> unavailable("circuit-open", e))
        .onErrorMap(BulkheadFullException.class, e -> unavailable("bulkhead-full", e))
        .transformDeferred(RetryOperator.of(retry));
  }

  private static ChatDeliveryException unavailable(String code, Throwable e) {
    return new ChatDeliveryException(WechatMpSettings.PLATFORM, code, e.getMessage(), true);
  }

  static ChatDeliveryException translate(Throwable e) {
    if (e instanceof WxErrorException wx) {
      // No error object: code 0, which an I/O cause turns into an I/O error.
      return wx.getError() == null
          ? PlatformErrors.translate(WechatMpSettings.PLATFORM, e, 0, e.toString(), RETRYABLE)
          : PlatformErrors.translate(
              WechatMpSettings.PLATFORM,
              e,
              wx.getError().getErrorCode(),
              wx.getError().getErrorMsg(),
              RETRYABLE);
    }
    return PlatformErrors.translate(WechatMpSettings.PLATFORM, e, null, null, RETRYABLE);
  }

  /**
   * WxJava's service without its retry loop (which sleeps on errcode -1); it still refreshes the
   * token once on 40001, 40014 or 42001.
   */
  private static final class NoRetryService extends WxMpServiceImpl {
    @Override
    public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data)
        throws WxErrorException {
      return executeInternal(executor, uri, data, false);
    }
  }
}
