package io.salesbot.adapter.dingtalk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.node.ObjectNode;

/**
 * HTTP mode: registers {@code <public-base-url>/callbacks/dingtalk/card} for the card-callback
 * route key at start-up ({@code POST /v1.0/card/callbacks/register} {@code {callbackRouteKey,
 * callbackUrl, apiSecret, forceUpdate: true}}; DingTalk doc "注册卡片回调地址"). Registering the same key,
 * URL and secret again changes nothing, so every instance does it at every start. It runs in the
 * background and is retried with back-off (from {@link #FIRST_BACKOFF} to {@link #MAX_BACKOFF})
 * until DingTalk takes it; {@link #status()} says where it stands, for health.
 */
final class CardCallbackRegistration {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(CardCallbackRegistration.class);

  private final DingtalkApi api;
  private final DingtalkSettings.@Nullable CardCallback callback;
  private final Clock clock;
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile DingtalkCardCallbackStatus.State state = DingtalkCardCallbackStatus.State.OFF;
  private volatile @Nullable String lastError;
  private volatile @Nullable Instant registeredAt;
  private @Nullable Disposable running;

  CardCallbackRegistration(
      DingtalkApi api, DingtalkSettings.@Nullable CardCallback callback, Clock clock) {
    this.api = api;
    this.callback = callback;
    this.clock = clock;
  }

  ObjectNode body(DingtalkSettings.CardCallback c) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("callbackRouteKey", c.routeKey());
    body.put("callbackUrl", c.callbackUrl());
    body.put("apiSecret", c.secret());
    body.put("forceUpdate", true);
    return body;
  }

  /** Starts registering in the background; does nothing without a card callback or twice. */
  synchronized void start() {
    DingtalkSettings.CardCallback c = callback;
    if (c == null || running != null) {
      return;
    }
    state = DingtalkCardCallbackStatus.State.PENDING;
    running =
        Mono.defer(
                () -> {
                  attempts.incrementAndGet();
                  return api.call("POST", "/v1.0/card/callbacks/register", body(c));
                })
            .doOnError(
                e -> {
                  lastError = e.getMessage();
                  state = DingtalkCardCallbackStatus.State.RETRYING;
                  log.warn(
                      "could not register the DingTalk card callback {} for route key {}"
                          + " (attempt {}; retrying): {}",
                      c.callbackUrl(),
                      c.routeKey(),
                      attempts.get(),
                      e.getMessage());
                })
            .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF).maxBackoff(MAX_BACKOFF))
            .subscribe(
                answer -> {
                  registeredAt = clock.instant();
                  lastError = null;
                  state = DingtalkCardCallbackStatus.State.REGISTERED;
                  log.info(
                      "DingTalk card callbacks for route key {} go to {}",
                      c.routeKey(),
                      c.callbackUrl());
                },
                e -> log.error("gave up registering the DingTalk card callback: {}", e.toString()));
  }

  synchronized void stop() {
    Disposable r = running;
    running = null;
    if (r != null) {
      r.dispose();
    }
  }

  DingtalkCardCallbackStatus status() {
    DingtalkSettings.CardCallback c = callback;
    return new DingtalkCardCallbackStatus(
        state,
        c == null ? null : c.routeKey(),
        c == null ? null : c.callbackUrl(),
        attempts.get(),
        lastError,
        registeredAt);
  }
}
