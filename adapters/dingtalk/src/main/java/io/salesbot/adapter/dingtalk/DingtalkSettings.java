package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.domain.CardType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the DingTalk adapter needs to know: the app, its robot, how events arrive, which card
 * templates to use, where the API is, and how patiently to call it. Values that come from {@code
 * salesbot.dingtalk.*} properties of the same name are documented there once (bot-server's {@code
 * DingtalkProperties}); the ones below are the adapter's own.
 *
 * @param clientId the owner key of HTTP event callbacks too
 * @param cardTemplates the card-builder template id per card type; {@link #defaultTemplate} for the
 *     rest ({@code card-templates.default})
 * @param maxClockSkew how far a callback's timestamp may be from this server's clock (1 hour)
 * @param retryAttempts calls per send, the first included, for retryable errors (throttling, I/O)
 * @param retryBackoff the first back-off between attempts; doubles each time, with jitter
 * @param maxConcurrentCalls blocking API calls in flight at once (bulkhead)
 * @param cardCallback HTTP mode: where DingTalk sends card clicks (required then); null in Stream
 *     mode
 */
public record DingtalkSettings(
    String clientId,
    String clientSecret,
    String robotCode,
    String corpId,
    Mode mode,
    @Nullable String token,
    @Nullable String aesKey,
    Map<CardType, String> cardTemplates,
    String defaultTemplate,
    String apiBaseUrl,
    Duration maxClockSkew,
    int retryAttempts,
    Duration retryBackoff,
    int maxConcurrentCalls,
    @Nullable CardCallback cardCallback) {
  public static final String DEFAULT_API_BASE_URL = "https://api.dingtalk.com";

  private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9]{43}");

  /** How DingTalk delivers events to salesbot. */
  public enum Mode {
    /** A websocket opened by salesbot (app-stream-client): no public URL needed. */
    STREAM,
    /** HTTPS callbacks to {@code /callbacks/dingtalk} and {@code /callbacks/dingtalk/robot}. */
    HTTP
  }

  /**
   * HTTP mode's card-callback route: DingTalk delivers a card's clicks only when the card was
   * created with a {@code callbackRouteKey}, to the URL registered for that key ({@code POST
   * /v1.0/card/callbacks/register}), signed with {@code secret}.
   *
   * @param publicBaseUrl the http(s) address at which DingTalk reaches this server, without a
   *     trailing slash
   * @param routeKey the {@code callbackRouteKey}: one key maps to one URL
   * @param secret the {@code apiSecret}: clicks carry {@code Base64(HmacSHA256(secret, timestamp))}
   */
  public record CardCallback(String publicBaseUrl, String routeKey, String secret) {
    /** Where clicks are posted: {@code <publicBaseUrl>/callbacks/dingtalk/card}. */
    public static final String PATH = "/callbacks/dingtalk/card";

    private static final Pattern ROUTE_KEY = Pattern.compile("[A-Za-z0-9_\\-.]{1,64}");

    public CardCallback {
      Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
      Objects.requireNonNull(routeKey, "routeKey");
      Objects.requireNonNull(secret, "secret");
      if (!publicBaseUrl.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
        throw new IllegalArgumentException(
            "public-base-url must be an http(s) address without query, got '"
                + publicBaseUrl
                + "'");
      }
      publicBaseUrl =
          publicBaseUrl.endsWith("/")
              ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
              : publicBaseUrl;
      if (!ROUTE_KEY.matcher(routeKey).matches()) {
        throw new IllegalArgumentException(
            "card-callback-route-key must be 1 to 64 letters, digits, '-', '_' or '.'");
      }
      if (secret.length() < 16 || secret.isBlank()) {
        throw new IllegalArgumentException(
            "card-callback-secret must be at least 16 characters long");
      }
    }

    /** The URL registered for {@link #routeKey}. */
    public String callbackUrl() {
      return publicBaseUrl + PATH;
    }

    @Override
    public String toString() {
      return "CardCallback[" + callbackUrl() + ", routeKey=" + routeKey + ", secret=****]";
    }
  }

  public DingtalkSettings {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(robotCode, "robotCode");
    Objects.requireNonNull(corpId, "corpId");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(defaultTemplate, "defaultTemplate");
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("client-id must not be blank");
    }
    if (clientSecret.isBlank()) {
      throw new IllegalArgumentException("client-secret must not be blank");
    }
    if (robotCode.isBlank()) {
      throw new IllegalArgumentException("robot-code must not be blank");
    }
    if (defaultTemplate.isBlank()) {
      throw new IllegalArgumentException("the default card template id must not be blank");
    }
    if (mode == Mode.HTTP) {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("token is required in HTTP mode");
      }
      if (aesKey == null || !AES_KEY.matcher(aesKey).matches()) {
        throw new IllegalArgumentException(
            "aes-key must be the 43-character aes_key (letters and digits) in HTTP mode");
      }
      if (cardCallback == null) {
        throw new IllegalArgumentException(
            "HTTP mode needs the card callback (public-base-url, card-callback-route-key,"
                + " card-callback-secret): without it DingTalk delivers no card clicks");
      }
    }
    if (!apiBaseUrl.startsWith("http://") && !apiBaseUrl.startsWith("https://")) {
      throw new IllegalArgumentException("api-base-url must start with http:// or https://");
    }
    apiBaseUrl =
        apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
    EnumMap<CardType, String> templates = new EnumMap<>(CardType.class);
    templates.putAll(cardTemplates);
    cardTemplates = Map.copyOf(templates);
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
   * Production defaults: 1 h clock skew, 3 attempts from 500 ms, 16 calls in flight; {@code
   * cardCallback} is required in HTTP mode.
   */
  public static DingtalkSettings of(
      String clientId,
      String clientSecret,
      String robotCode,
      String corpId,
      Mode mode,
      @Nullable String token,
      @Nullable String aesKey,
      String defaultTemplate,
      Map<CardType, String> cardTemplates,
      String apiBaseUrl,
      @Nullable CardCallback cardCallback) {
    return new DingtalkSettings(
        clientId,
        clientSecret,
        robotCode,
        corpId,
        mode,
        token,
        aesKey,
        cardTemplates,
        defaultTemplate,
        apiBaseUrl,
        Duration.ofHours(1),
        3,
        Duration.ofMillis(500),
        16,
        cardCallback);
  }

  public DingtalkSettings withRetry(int attempts, Duration backoff) {
    return new DingtalkSettings(
        clientId,
        clientSecret,
        robotCode,
        corpId,
        mode,
        token,
        aesKey,
        cardTemplates,
        defaultTemplate,
        apiBaseUrl,
        maxClockSkew,
        attempts,
        backoff,
        maxConcurrentCalls,
        cardCallback);
  }

  /** The template id for cards of this type. */
  public String templateFor(CardType type) {
    return cardTemplates.getOrDefault(type, defaultTemplate);
  }

  @Override
  public String toString() {
    return "DingtalkSettings[clientId="
        + clientId
        + ", robotCode="
        + robotCode
        + ", corpId="
        + corpId
        + ", mode="
        + mode
        + ", clientSecret=****, token=****, aesKey=****, apiBaseUrl="
        + apiBaseUrl
        + (cardCallback == null ? "" : ", " + cardCallback)
        + "]";
  }
}
