package io.salesbot.server.platforms;

import io.salesbot.adapter.wechatmp.SceneQrCode;
import io.salesbot.adapter.wechatmp.WechatMpAdapterConfiguration;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.server.web.AdminToken;
import io.salesbot.server.web.Problems;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/admin/wechat-mp/{appId}/qrcodes}: creates a scene QR code for a configured
 * campaign, temporary ({@code {"scene":"expo2026","expireSeconds":604800}}) or permanent ({@code
 * {"scene":"expo2026","permanent":true}}), and answers its image URL. Needs {@code Authorization:
 * Bearer <salesbot.admin.token>}, like the other admin endpoints.
 */
public final class WechatMpAdmin {
  private final WechatMpAdapterConfiguration wechatMp;
  private final AdminToken admin;

  public WechatMpAdmin(WechatMpAdapterConfiguration wechatMp, @Nullable String token) {
    this.wechatMp = wechatMp;
    this.admin = new AdminToken(token);
  }

  public Mono<ServerResponse> createQrCode(ServerRequest request) {
    return admin.guard(request, this::guarded);
  }

  private Mono<ServerResponse> guarded(ServerRequest request) {
    String appId = request.pathVariable("appId");
    return request
        .bodyToMono(Map.class)
        .defaultIfEmpty(Map.of())
        .onErrorResume(e -> Mono.just(Map.of("_invalid", true)))
        .flatMap(body -> create(appId, body));
  }

  private Mono<ServerResponse> create(String appId, Map<?, ?> body) {
    Object scene = body.get("scene");
    Object permanent = body.get("permanent");
    Object expire = body.get("expireSeconds");
    if (body.containsKey("_invalid") || !(scene instanceof String)) {
      return invalid(
          "send JSON {\"scene\": \"<campaign scene>\", \"expireSeconds\": 604800} or {\"scene\": …,"
              + " \"permanent\": true}");
    }
    Duration expiresIn = null;
    if (!Boolean.TRUE.equals(permanent)) {
      long seconds = 30L * 24 * 3600;
      if (expire != null) {
        if (!(expire instanceof Number)) {
          return invalid("expireSeconds must be a number of seconds, 1 to 2592000 (30 days)");
        }
        seconds = ((Number) expire).longValue();
      }
      expiresIn = Duration.ofSeconds(seconds);
    }
    return wechatMp
        .createQrCode(appId, (String) scene, expiresIn)
        .flatMap(
            qr ->
                ServerResponse.status(HttpStatus.CREATED)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(view(appId, qr)))
        .onErrorResume(IllegalArgumentException.class, e -> invalid(e.getMessage()))
        .onErrorResume(
            ChatDeliveryException.class,
            e ->
                Problems.of(
                    HttpStatus.BAD_GATEWAY,
                    "platform-error",
                    "WeChat refused to create the QR code: " + e.getMessage()));
  }

  private static Map<String, Object> view(String appId, SceneQrCode qr) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("appId", appId);
    m.put("scene", qr.scene());
    m.put("permanent", qr.expireSeconds() == null);
    m.put("expireSeconds", qr.expireSeconds());
    m.put("ticket", qr.ticket());
    m.put("url", qr.url());
    m.put("imageUrl", qr.imageUrl());
    return m;
  }

  private static Mono<ServerResponse> invalid(String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "invalid-qrcode-request", detail);
  }
}
