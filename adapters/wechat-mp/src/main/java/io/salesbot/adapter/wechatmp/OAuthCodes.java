package io.salesbot.adapter.wechatmp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.Quotas;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The openid behind a silent-OAuth {@code ?code=} of the H5 form, with the exchange guarded: at
 * most {@code rate-per-ip} exchanges per client IP within {@code rate-window} (the form's own
 * limit, counted apart, shared by all instances through {@link Quotas}), and each answer kept for
 * the life of a code (5 minutes) so that a reload does not call WeChat again.
 *
 * <p>Answers are kept per code <em>and</em> client IP, in this instance only (a near cache: the
 * truth is WeChat's, and a code serves one exchange). A page link with the code in it, shared with
 * someone else, therefore never hands them the first person's openid: their exchange goes to
 * WeChat, which refuses a used code.
 */
final class OAuthCodes {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthCodes.class);

  /** How long WeChat honours a code; its answer is kept as long. */
  static final Duration CODE_LIFE = Duration.ofMinutes(5);

  private final MpApi api;
  private final Quotas quotas;
  private final WechatMpSettings.Limits limits;
  private final Cache<String, Optional<String>> answers =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CODE_LIFE).build();

  OAuthCodes(MpApi api, Quotas quotas, WechatMpSettings.Limits limits) {
    this.api = api;
    this.quotas = quotas;
    this.limits = limits;
  }

  /** The openid for {@code code} asked for from {@code ip}; empty when there is none or no call. */
  Mono<String> openId(String appId, String code, String ip) {
    String key = appId + '|' + code + '|' + ip;
    Optional<String> known = answers.getIfPresent(key);
    if (known != null) {
      return Mono.justOrEmpty(known);
    }
    return quotas
        .hit("wechat-mp:oauth-ip:" + ip, limits.perIp(), limits.window())
        .onErrorResume(
            e -> {
              LOG.warn("OAuth rate limit unavailable ({}); exchanging the code", e.toString());
              return Mono.just(true);
            })
        .flatMap(
            allowed -> {
              if (!allowed) {
                LOG.info("form OAuth: rate limit reached for a client; no code exchange");
                return Mono.empty();
              }
              return api.openIdFromCode(appId, code)
                  .doOnNext(openId -> answers.put(key, Optional.of(openId)))
                  .onErrorResume(
                      e -> {
                        LOG.info("silent OAuth failed: {}", e.toString());
                        if (e instanceof ChatDeliveryException c && !c.retryable()) {
                          // WeChat's own refusal (used, expired or invalid code): final.
                          answers.put(key, Optional.empty());
                        }
                        return Mono.empty();
                      });
            });
  }
}
