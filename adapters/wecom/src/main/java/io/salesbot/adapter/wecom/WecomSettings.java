package io.salesbot.adapter.wecom;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the WeCom adapter needs to know: the corp, its self-built apps, where the API is, and how
 * patiently to call it. The first app sends all outbound messages; every app receives callbacks at
 * {@code /callbacks/wecom/<agentId>}. Values that come from {@code salesbot.wecom.*} properties of
 * the same name are documented there once (bot-server's {@code WecomProperties}); the ones below
 * are the adapter's own.
 *
 * @param corpId callbacks must carry it as their receive id
 * @param maxClockSkew how far a callback's timestamp may be from this server's clock
 * @param retryAttempts calls per send, the first included, for retryable errors (-1, 45009, 45033,
 *     I/O)
 * @param retryBackoff the first back-off between attempts; doubles each time, with jitter
 * @param maxConcurrentCalls blocking API calls in flight at once (bulkhead)
 * @param sending how much may be sent (WeCom's daily quota) and how long a call may take before
 *     WeCom counts as unavailable
 */
public record WecomSettings(
    String corpId,
    String apiBaseUrl,
    List<App> apps,
    String cardUrl,
    Duration maxClockSkew,
    int retryAttempts,
    Duration retryBackoff,
    int maxConcurrentCalls,
    Sending sending) {
  public static final String DEFAULT_API_BASE_URL = "https://qyapi.weixin.qq.com";
  public static final String DEFAULT_CARD_URL = "https://work.weixin.qq.com/";

  private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9+/]{43}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{1,32}");

  /** One self-built app (自建应用), {@code apps.<agentId>}. */
  public record App(int agentId, String secret, String token, String aesKey) {
    public App {
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(aesKey, "aesKey");
      if (agentId <= 0) {
        throw new IllegalArgumentException("agentId must be a positive number, got " + agentId);
      }
      if (secret.isBlank()) {
        throw new IllegalArgumentException("apps." + agentId + ".secret must not be blank");
      }
      if (!TOKEN.matcher(token).matches()) {
        throw new IllegalArgumentException(
            "apps." + agentId + ".token must be 1 to 32 letters or digits, as WeCom generates it");
      }
      if (!AES_KEY.matcher(aesKey).matches()) {
        throw new IllegalArgumentException(
            "apps."
                + agentId
                + ".aes-key must be the 43-character EncodingAESKey (letters, digits, + or /), got "
                + aesKey.length()
                + " characters");
      }
    }

    @Override
    public String toString() {
      return "App[agentId=" + agentId + ", secret=****, token=****, aesKey=****]";
    }
  }

  /**
   * Outbound limits and patience. WeCom silently drops messages above its limits, so the adapter
   * never exceeds them (see {@code docs/platforms/wecom.md}); the per-member and per-corp limits
   * are WeCom's fixed ones, the daily one depends on the licence ({@code daily-sends}, {@code
   * call-timeout}, {@code circuit-open-for}).
   */
  public record Sending(long dailySends, Duration callTimeout, Duration circuitOpenFor) {
    public static final long DEFAULT_DAILY_SENDS = 2_000;

    public Sending {
      Objects.requireNonNull(callTimeout, "callTimeout");
      Objects.requireNonNull(circuitOpenFor, "circuitOpenFor");
      if (dailySends < 1) {
        throw new IllegalArgumentException(
            "daily-sends must be at least 1 (licensed seats × 200), got " + dailySends);
      }
      if (callTimeout.isNegative() || callTimeout.isZero()) {
        throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
      }
      if (circuitOpenFor.isNegative() || circuitOpenFor.isZero()) {
        throw new IllegalArgumentException(
            "circuitOpenFor must be positive, got " + circuitOpenFor);
      }
    }

    /** 2,000 sends a day, 5 s per call, 30 s open circuit. */
    public static Sending defaults() {
      return new Sending(DEFAULT_DAILY_SENDS, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public Sending withDailySends(long sends) {
      return new Sending(sends, callTimeout, circuitOpenFor);
    }
  }

  public WecomSettings {
    Objects.requireNonNull(corpId, "corpId");
    Objects.requireNonNull(sending, "sending");
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Objects.requireNonNull(cardUrl, "cardUrl");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    if (corpId.isBlank()) {
      throw new IllegalArgumentException("corp-id must not be blank");
    }
    if (!apiBaseUrl.startsWith("http://") && !apiBaseUrl.startsWith("https://")) {
      throw new IllegalArgumentException("api-base-url must start with http:// or https://");
    }
    apiBaseUrl =
        apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
    apps = List.copyOf(apps);
    if (apps.isEmpty()) {
      throw new IllegalArgumentException("at least one app (apps.<agentId>) is needed");
    }
    Map<Integer, App> seen = new LinkedHashMap<>();
    for (App app : apps) {
      if (seen.putIfAbsent(app.agentId(), app) != null) {
        throw new IllegalArgumentException("app " + app.agentId() + " is configured twice");
      }
    }
    if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
      throw new IllegalArgumentException("maxClockSkew must be positive");
    }
    if (retryAttempts < 1) {
      throw new IllegalArgumentException("retryAttempts must be at least 1");
    }
    if (maxConcurrentCalls < 1) {
      throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
    }
  }

  /**
   * Production defaults: 10 min clock skew, 3 attempts from 500 ms, 16 calls in flight, {@link
   * Sending#defaults()}.
   */
  public static WecomSettings of(String corpId, String apiBaseUrl, List<App> apps) {
    return new WecomSettings(
        corpId,
        apiBaseUrl,
        apps,
        DEFAULT_CARD_URL,
        Duration.ofMinutes(10),
        3,
        Duration.ofMillis(500),
        16,
        Sending.defaults());
  }

  public WecomSettings withCardUrl(String url) {
    return new WecomSettings(
        corpId,
        apiBaseUrl,
        apps,
        url,
        maxClockSkew,
        retryAttempts,
        retryBackoff,
        maxConcurrentCalls,
        sending);
  }

  public WecomSettings withRetry(int attempts, Duration backoff) {
    return new WecomSettings(
        corpId,
        apiBaseUrl,
        apps,
        cardUrl,
        maxClockSkew,
        attempts,
        backoff,
        maxConcurrentCalls,
        sending);
  }

  public WecomSettings withSending(Sending sending) {
    return new WecomSettings(
        corpId,
        apiBaseUrl,
        apps,
        cardUrl,
        maxClockSkew,
        retryAttempts,
        retryBackoff,
        maxConcurrentCalls,
        sending);
  }

  /** The app that sends outbound messages: the first one. */
  public App sender() {
    return apps.get(0);
  }

  Map<Integer, App> appsById() {
    Map<Integer, App> byId = new LinkedHashMap<>();
    new ArrayList<>(apps).forEach(a -> byId.put(a.agentId(), a));
    return byId;
  }
}
