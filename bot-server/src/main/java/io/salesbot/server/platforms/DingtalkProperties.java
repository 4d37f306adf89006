package io.salesbot.server.platforms;

import io.salesbot.adapter.dingtalk.DingtalkAdapterConfiguration;
import io.salesbot.adapter.dingtalk.DingtalkSettings;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.server.config.Immutable;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code salesbot.dingtalk.*}, documented here once (the {@code @param} lines are
 * the IDE hints). Checked by {@link #toSettings()} only when DingTalk is enabled, so that a
 * disabled DingTalk never stops start-up.
 *
 * @param enabled Turns the DingTalk (钉钉) adapter on: Stream or HTTP callbacks in, interactive cards
 *     out.
 * @param clientId The app's Client ID (原 AppKey), from the developer console's 凭证与基础信息 page.
 * @param clientSecret The app's Client Secret (原 AppSecret): access tokens and robot callback
 *     signatures.
 * @param robotCode The robot's RobotCode (机器人配置); defaults to the Client ID, which it usually is.
 * @param corpId The organisation's CorpId, e.g. dingc0ffee0123456789.
 * @param mode How events arrive: stream (default; no public URL needed) or http (callbacks).
 * @param token HTTP mode: the event-subscription Token (事件订阅 → 加密 token).
 * @param aesKey HTTP mode: the event-subscription aes_key, 43 letters or digits.
 * @param cardTemplates Card-builder template ids by card type (default, lead-offer,
 *     lead-claimed-by-you, ...); the default is required.
 * @param apiBaseUrl DingTalk's API; change only to point at a stand-in in tests.
 * @param streamHealthGrace Stream mode: how long the connection may be down (the client reconnects
 *     by itself) before the {@code dingtalkStream} health component says DOWN.
 * @param oapiBaseUrl DingTalk's old API host, where the address book is read for teams with a
 *     dingtalk directory; change only to point at a stand-in in tests.
 * @param publicBaseUrl The https address at which DingTalk and its clients reach this server, e.g.
 *     https://salesbot.example.com. HTTP mode (required): card clicks are registered to arrive at
 *     &lt;public-base-url&gt;/callbacks/dingtalk/card. Both modes: when set, report charts are sent
 *     as markdown images at &lt;public-base-url&gt;/charts/&lt;id&gt;.png; unset, no charts.
 * @param cardCallbackRouteKey HTTP mode: the card-callback route key (callbackRouteKey) sent with
 *     every card and registered at start-up; one key per deployment, 1-64 letters, digits, '-', '_'
 *     or '.'.
 * @param cardCallbackSecret HTTP mode: the apiSecret with which DingTalk signs card clicks
 *     (x-ddpaas-signature); at least 16 characters, random.
 * @param monthlyApiCalls DingTalk API calls the organisation may make per calendar month (standard
 *     edition: 5000); beyond it cards wait in the outbox. 0 = no limit (paid editions).
 * @param monthlyPushes DingTalk Webhook &amp; Stream pushes the organisation may receive per
 *     calendar month (standard edition: 3000); counted and warned about. 0 = no limit (paid
 *     editions).
 */
@ConfigurationProperties("salesbot.dingtalk")
public record DingtalkProperties(
    boolean enabled,
    @Nullable String clientId,
    @Nullable String clientSecret,
    @Nullable String robotCode,
    @Nullable String corpId,
    @DefaultValue("stream") String mode,
    @Nullable String token,
    @Nullable String aesKey,
    @DefaultValue Map<String, String> cardTemplates,
    @DefaultValue(DingtalkSettings.DEFAULT_API_BASE_URL) String apiBaseUrl,
    @DefaultValue("1m") Duration streamHealthGrace,
    @DefaultValue(DingtalkAdapterConfiguration.DEFAULT_OAPI_BASE_URL) String oapiBaseUrl,
    @Nullable String publicBaseUrl,
    @Nullable String cardCallbackRouteKey,
    @Nullable String cardCallbackSecret,
    @DefaultValue("5000") long monthlyApiCalls,
    @DefaultValue("3000") long monthlyPushes) {

  public DingtalkProperties {
    cardTemplates = Immutable.map(cardTemplates);
  }

  /**
   * The monthly limit of {@code kind} ({@code api} or {@code push}).
   *
   * @throws InvalidConfigurationException when it is negative
   */
  public long checkedMonthlyLimit(String kind) {
    boolean api = "api".equals(kind);
    long value = api ? monthlyApiCalls : monthlyPushes;
    if (value < 0) {
      throw new InvalidConfigurationException(
          api ? "salesbot.dingtalk.monthly-api-calls" : "salesbot.dingtalk.monthly-pushes",
          "must be 0 (no limit, paid editions) or a number of calls a month such as 5000, got "
              + value);
    }
    return value;
  }

  /**
   * The grace period of the Stream health component.
   *
   * @throws InvalidConfigurationException when it is missing, zero or negative
   */
  public Duration checkedStreamHealthGrace() {
    if (streamHealthGrace == null || streamHealthGrace.isNegative() || streamHealthGrace.isZero()) {
      throw new InvalidConfigurationException(
          "salesbot.dingtalk.stream-health-grace",
          "must be a positive duration such as 60s, got " + streamHealthGrace);
    }
    return streamHealthGrace;
  }

  /**
   * The adapter's settings.
   *
   * @throws InvalidConfigurationException naming the first missing or malformed property
   */
  public DingtalkSettings toSettings() {
    checkedMonthlyLimit("api");
    checkedMonthlyLimit("push");
    chartBaseUrl();
    String id = required("salesbot.dingtalk.client-id", clientId);
    if (!id.matches("[A-Za-z0-9_\\-]{1,64}")) {
      throw new InvalidConfigurationException(
          "salesbot.dingtalk.client-id", "must be the app's Client ID (letters and digits)");
    }
    String secret = required("salesbot.dingtalk.client-secret", clientSecret);
    String robot = robotCode == null || robotCode.isBlank() ? id : robotCode.strip();
    String corp = required("salesbot.dingtalk.corp-id", corpId);
    DingtalkSettings.Mode m;
    String modeText = mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT);
    if ("stream".equals(modeText)) {
      m = DingtalkSettings.Mode.STREAM;
    } else if ("http".equals(modeText)) {
      m = DingtalkSettings.Mode.HTTP;
    } else {
      throw new InvalidConfigurationException(
          "salesbot.dingtalk.mode", "must be stream or http, got '" + mode + "'");
    }
    String t = token == null || token.isBlank() ? null : token.strip();
    String key = aesKey == null || aesKey.isBlank() ? null : aesKey.strip();
    if (m == DingtalkSettings.Mode.HTTP) {
      t = required("salesbot.dingtalk.token", token);
      key = required("salesbot.dingtalk.aes-key", aesKey);
      if (!key.matches("[A-Za-z0-9]{43}")) {
        throw new InvalidConfigurationException(
            "salesbot.dingtalk.aes-key",
            "must be the 43-character aes_key (letters and digits), got "
                + key.length()
                + " characters");
      }
    }
    if (apiBaseUrl == null || !apiBaseUrl.matches("https?://\\S+")) {
      throw new InvalidConfigurationException(
          "salesbot.dingtalk.api-base-url",
          "must be an http(s) URL such as " + DingtalkSettings.DEFAULT_API_BASE_URL);
    }
    String defaultTemplate = "";
    Map<CardType, String> templates = new EnumMap<>(CardType.class);
    for (Map.Entry<String, String> e : cardTemplates.entrySet()) {
      String property = "salesbot.dingtalk.card-templates." + e.getKey();
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw new InvalidConfigurationException(property, "must be a card template id");
      }
      if ("default".equals(e.getKey())) {
        defaultTemplate = e.getValue().strip();
        continue;
      }
      CardType type;
      try {
        type = CardType.valueOf(e.getKey().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfigurationException(
            property, "is not a card type; use default or one of lead-offer, pool, ...");
      }
      templates.put(type, e.getValue().strip());
    }
    if (defaultTemplate.isEmpty()) {
      throw new InvalidConfigurationException(
          "salesbot.dingtalk.card-templates.default",
          "is required: the id of the imported salesbot card template");
    }
    DingtalkSettings.CardCallback callback =
        m == DingtalkSettings.Mode.HTTP ? cardCallback() : null;
    return DingtalkSettings.of(
        id, secret, robot, corp, m, t, key, defaultTemplate, templates, apiBaseUrl, callback);
  }

  /**
   * Where DingTalk's clients fetch chart images: {@code public-base-url} without a trailing slash,
   * or null when it is not set (then DingTalk gets no charts, only their figures).
   *
   * @throws InvalidConfigurationException when it is set but not an https address
   */
  public @Nullable String chartBaseUrl() {
    if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
      return null;
    }
    String base = checkedPublicBaseUrl(publicBaseUrl.strip());
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private static String checkedPublicBaseUrl(String base) {
    if (!base.matches("https://[^\\s/?#]+(/[^\\s?#]*)?")) {
      throw new InvalidConfigurationException(
          "salesbot.dingtalk.public-base-url",
          "must be the https address at which DingTalk reaches this server, such as"
              + " https://salesbot.example.com (no query)");
    }
    return base;
  }

  /** HTTP mode's card callback; each property checked and named. */
  private DingtalkSettings.CardCallback cardCallback() {
    String base =
        checkedPublicBaseUrl(
            httpRequired("salesbot.dingtalk.public-base-url", publicBaseUrl).strip());
    String routeKey =
        httpRequired("salesbot.dingtalk.card-callback-route-key", cardCallbackRouteKey).strip();
    if (!routeKey.matches("[A-Za-z0-9_\\-.]{1,64}")) {
      throw new InvalidConfigurationException(
          "salesbot.dingtalk.card-callback-route-key",
          "must be 1 to 64 letters, digits, '-', '_' or '.'");
    }
    String apiSecret = httpRequired("salesbot.dingtalk.card-callback-secret", cardCallbackSecret);
    if (apiSecret.strip().length() < 16) {
      // The value itself is never repeated in a message.
      throw new InvalidConfigurationException(
          "salesbot.dingtalk.card-callback-secret",
          "must be at least 16 characters long (a random string, e.g. openssl rand -hex 24)");
    }
    return new DingtalkSettings.CardCallback(base, routeKey, apiSecret.strip());
  }

  private static String required(String property, @Nullable String value) {
    return InvalidConfigurationException.required(
        property, value, "salesbot.dingtalk.enabled=true");
  }

  private static String httpRequired(String property, @Nullable String value) {
    return InvalidConfigurationException.required(
        property, value, "salesbot.dingtalk.mode=http (DingTalk delivers card clicks only then)");
  }
}
