package io.salesbot.adapter.wechatmp;

import io.salesbot.adapter.support.PlatformErrors;
import io.salesbot.adapter.support.PlatformFence;
import io.salesbot.adapter.support.SharedAccessToken;
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
import me.chanjar.weixin.mp.config.WxMpConfigStorage;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The official accounts' API through WxJava mp, fenced by a {@link PlatformFence} (bulkhead,
 * circuit breaker and retry for the platform, blocking calls on {@code boundedElastic}); WxJava's
 * own retries are off. Error codes become {@link ChatDeliveryException}s.
 */
final class MpApi {
  /**
   * -1 busy; an invalid or expired access token (40014, 42001) left after WxJava's one refresh. Not
   * 45009, which for an official account is its daily call quota spent (retrying only spends more
   * of nothing until the next day), nor 40001, a wrong AppSecret (from {@code /cgi-bin/token}, or
   * left after the refresh).
   */
  static final Set<Integer> RETRYABLE = Set.of(-1, 40014, 42001);

  /** The customer-service window is closed (45015) or its quota is used up (45047). */
  static final Set<Integer> QUOTA = Set.of(45015, 45047);

  private final Map<String, WxMpService> services = new ConcurrentHashMap<>();
  private final Map<String, WxMpConfigStorage> storages = new ConcurrentHashMap<>();
  private final PlatformFence fence;

  MpApi(WechatMpSettings settings, AccessTokens tokens, Clock clock) {
    for (WechatMpSettings.Account account : settings.accounts().values()) {
      WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
      config.setAppId(account.appId());
      config.setSecret(account.secret());
      config.setToken(account.token());
      config.setAesKey(account.aesKey());
      WxMpHostConfig hosts = new WxMpHostConfig();
      hosts.setApiHost(settings.apiBaseUrl());
      config.setHostConfig(hosts);
      // The access token wechat-mp:<appId> is shared between instances.
      WxMpConfigStorage storage =
          new SharedAccessToken(tokens, clock, "wechat-mp:" + account.appId(), "official-account")
              .storage(WxMpConfigStorage.class, config);
      WxMpServiceImpl wx = new NoRetryService();
      wx.setWxMpConfigStorage(storage);
      wx.setMaxRetryTimes(0);
      services.put(account.appId(), wx);
      storages.put(account.appId(), storage);
    }
    this.fence =
        new PlatformFence(
            WechatMpSettings.PLATFORM,
            new PlatformFence.Limits(16, Duration.ofSeconds(30), 3, Duration.ofMillis(200)));
  }

  /** WxJava's configuration of an account: crypto in callbacks uses it. */
  WxMpConfigStorage storage(String appId) {
    WxMpConfigStorage s = storages.get(appId);
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
    return fence.call(blocking, null, MpApi::translate);
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

  /**
   * True while the fence's circuit breaker for the official account's API is open on this instance.
   */
  boolean circuitOpen() {
    return fence.circuitOpen();
  }
}
