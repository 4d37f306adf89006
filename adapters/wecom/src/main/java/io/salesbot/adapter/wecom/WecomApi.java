package io.salesbot.adapter.wecom;

import io.salesbot.adapter.support.PlatformErrors;
import io.salesbot.adapter.support.PlatformFence;
import io.salesbot.adapter.support.SharedAccessToken;
import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.stage.MediaSource;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.config.WxCpConfigStorage;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * WeCom's API through WxJava (HTTP, access tokens, error parsing), fenced by a {@link
 * PlatformFence}: every blocking call runs on {@code boundedElastic} behind one bulkhead, circuit
 * breaker and retry per platform, and is given up after {@code sending.callTimeout} ({@code
 * timeout}, retryable); WxJava's own retries are off. The codes {@code circuit-open}, {@code
 * bulkhead-full}, {@code io} and {@code timeout} mean "WeCom cannot be reached now": {@code
 * DeliverOutbound} lets such commands wait in the outbox. WeCom's error codes become {@link
 * ChatDeliveryException}s whose {@code retryable} says whether trying again can help.
 */
final class WecomApi {
  static final String PLATFORM = "wecom";

  /**
   * -1 busy, 45009 frequency limit, 45033 concurrency limit; an invalid or expired access token
   * (40014, 42001) left after WxJava's one refresh. Not 40001: WeCom's "invalid secret" (from
   * {@code gettoken}, or left after the refresh) comes back on every try until someone fixes the
   * secret.
   */
  static final Set<Integer> RETRYABLE = Set.of(-1, 45009, 45033, 40014, 42001);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WxCpService service;
  private final WxCpConfigStorage storage;
  private final PlatformFence fence;
  private final Duration callTimeout;

  WecomApi(WecomSettings settings, WecomSettings.App app, AccessTokens tokens, Clock clock) {
    WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
    config.setCorpId(settings.corpId());
    config.setCorpSecret(app.secret());
    config.setAgentId(app.agentId());
    config.setToken(app.token());
    config.setAesKey(app.aesKey());
    config.setBaseApiUrl(settings.apiBaseUrl());
    // The access token wecom:<corpId>:<agentId> is shared between instances.
    this.storage =
        new SharedAccessToken(
                tokens, clock, "wecom:" + settings.corpId() + ":" + app.agentId(), "WeCom")
            .storage(WxCpConfigStorage.class, config);
    WxCpServiceImpl wx = new NoRetryService();
    wx.setWxCpConfigStorage(storage);
    wx.setMaxRetryTimes(0);
    this.service = wx;
    this.callTimeout = settings.sending().callTimeout();
    this.fence =
        new PlatformFence(
            PLATFORM,
            new PlatformFence.Limits(
                settings.maxConcurrentCalls(),
                settings.sending().circuitOpenFor(),
                settings.retryAttempts(),
                settings.retryBackoff()));
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
   * Uploads a PNG as temporary media ({@code POST /cgi-bin/media/upload?type=image}, multipart part
   * {@code media}; WeCom keeps it 3 days) and answers its {@code media_id}. Fenced like {@link
   * #post}.
   */
  Mono<String> uploadImage(byte[] png) {
    return fence.call(
        () ->
            service
                .getMediaService()
                .upload("image", "png", new java.io.ByteArrayInputStream(png))
                .getMediaId(),
        callTimeout,
        WecomApi::translate);
  }

  /** Media downloads may be large (up to the evidence limit): a minute, not the call timeout. */
  static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /**
   * Downloads a temporary media ({@code GET /cgi-bin/media/get?access_token=&media_id=}), reading
   * at most {@code maxBytes + 1} bytes. WeCom answers the bytes, or JSON with an errcode (40007:
   * invalid or expired media id, gone for good).
   */
  Mono<MediaSource.Fetch> media(String mediaId, long maxBytes) {
    return fence.call(() -> fetchMedia(mediaId, maxBytes), MEDIA_TIMEOUT, WecomApi::translate);
  }

  private MediaSource.Fetch fetchMedia(String mediaId, long maxBytes) throws Exception {
    String token = service.getAccessToken();
    URI uri =
        URI.create(
            storage.getApiUrl("/cgi-bin/media/get")
                + "?access_token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&media_id="
                + URLEncoder.encode(mediaId, StandardCharsets.UTF_8));
    HttpResponse<InputStream> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(MEDIA_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (response.statusCode() != 200) {
        throw new java.io.IOException("media/get answered HTTP " + response.statusCode());
      }
      if (type.startsWith("application/json") || type.startsWith("text/plain")) {
        JsonNode error = parse(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
        int code = error.path("errcode").asInt(-1);
        String message = error.path("errmsg").asString("");
        if (RETRYABLE.contains(code)) {
          if (code == 40014 || code == 42001) {
            storage.expireAccessToken();
          }
          throw PlatformErrors.translate(
              PLATFORM, new IllegalStateException(message), code, message, RETRYABLE);
        }
        return new MediaSource.Fetch.Gone("media/get errcode " + code + ": " + message);
      }
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > maxBytes) {
        return new MediaSource.Fetch.TooLarge(declared);
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        return new MediaSource.Fetch.TooLarge(bytes.length);
      }
      return new MediaSource.Fetch.Got(
          bytes,
          type.isBlank() ? null : type,
          fileName(response.headers().firstValue("Content-Disposition").orElse("")));
    }
  }

  /** {@code attachment; filename="a.jpg"} or {@code filename*=UTF-8''...}: the name, or null. */
  static @Nullable String fileName(String disposition) {
    java.util.regex.Matcher star =
        java.util.regex.Pattern.compile("filename\\*=(?:UTF-8|utf-8)''([^;]+)")
            .matcher(disposition);
    if (star.find()) {
      return java.net.URLDecoder.decode(star.group(1).strip(), StandardCharsets.UTF_8);
    }
    java.util.regex.Matcher plain =
        java.util.regex.Pattern.compile("filename=\"?([^\";]+)\"?").matcher(disposition);
    return plain.find() ? plain.group(1).strip() : null;
  }

  /** One blocking WxJava call, fenced and within the call timeout; errcode 0 or an error. */
  private Mono<JsonNode> fenced(Callable<String> blocking) {
    return fence.call(() -> parse(blocking.call()), callTimeout, WecomApi::translate);
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return JSON.createObjectNode();
    }
    return JSON.readTree(text);
  }

  static ChatDeliveryException translate(Throwable e) {
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

  /** True while the fence's circuit breaker for WeCom's API is open on this instance. */
  boolean circuitOpen() {
    return fence.circuitOpen();
  }
}
