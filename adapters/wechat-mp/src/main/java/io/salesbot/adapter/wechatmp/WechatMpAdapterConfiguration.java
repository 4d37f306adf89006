package io.salesbot.adapter.wechatmp;

import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.Quotas;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The official-account adapter's one entry point: its {@link ChatPlatform} ({@code wechat-mp},
 * customer-service texts within the quota), its routes ({@code /callbacks/wechat-mp/{appId}},
 * {@code /forms/{formId}}) and scene QR codes for campaigns.
 */
public final class WechatMpAdapterConfiguration {
  /** Longest life of a temporary QR code (30 days). */
  public static final Duration MAX_TEMPORARY = Duration.ofDays(30);

  private final WechatMpSettings settings;
  private final MpApi api;
  private final WechatMpPlatform platform;
  private final MpCallbacks callbacks;
  private final MpForms forms;

  public WechatMpAdapterConfiguration(
      WechatMpSettings settings,
      LeadIntake submitLead,
      Outbox outbox,
      AccessTokens tokens,
      Quotas quotas,
      Clock clock) {
    this.settings = settings;
    this.api = new MpApi(settings, tokens, clock);
    Welcomes welcomes = new Welcomes(outbox, quotas);
    this.platform = new WechatMpPlatform(api, quotas);
    this.callbacks = new MpCallbacks(settings, api, submitLead, welcomes, clock);
    this.forms = new MpForms(settings, api, submitLead, quotas, welcomes);
  }

  public WechatMpSettings settings() {
    return settings;
  }

  public ChatPlatform platform() {
    return platform;
  }

  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/callbacks/wechat-mp/{appId}", callbacks::verify)
        .POST("/callbacks/wechat-mp/{appId}", callbacks::receive)
        .GET("/forms/{formId}", forms::show)
        .POST("/forms/{formId}", forms::submit)
        .build();
  }

  /**
   * Creates a scene QR code ({@code QR_LIMIT_STR_SCENE} when {@code expiresIn} is null, else {@code
   * QR_STR_SCENE} for that long, at most 30 days).
   *
   * @throws IllegalArgumentException for an unknown account or a scene of no campaign
   */
  public Mono<SceneQrCode> createQrCode(String appId, String scene, @Nullable Duration expiresIn) {
    if (!settings.accounts().containsKey(appId)) {
      return Mono.error(
          new IllegalArgumentException("no official account " + appId + " is configured"));
    }
    if (!settings.campaigns().containsKey(scene)) {
      return Mono.error(
          new IllegalArgumentException(
              "scene '" + scene + "' is not a configured campaign (salesbot.wechat-mp.campaigns)"));
    }
    Integer seconds = null;
    if (expiresIn != null) {
      if (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_TEMPORARY) > 0) {
        return Mono.error(
            new IllegalArgumentException("a temporary QR code lives 1 second to 30 days"));
      }
      seconds = (int) expiresIn.toSeconds();
    }
    return api.createQrCode(appId, scene, seconds);
  }
}
