package io.salesbot.server.platforms;

import io.salesbot.adapter.wechatmp.WechatMpSettings;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.server.config.Immutable;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code salesbot.wechat-mp.*}, documented here once (the {@code @param} lines are
 * the IDE hints). Checked by {@link #toSettings()} only when the official account is enabled, so a
 * disabled one never stops start-up.
 *
 * @param enabled Turns the WeChat official account (公众号) adapter on: callbacks, QR scenes, the H5
 *     form.
 * @param apiBaseUrl WeChat's API host; change only to point at a stand-in in tests.
 * @param publicBaseUrl Where phones reach salesbot, e.g. https://leads.example.com: form links and
 *     the OAuth redirect start with it; its domain must be the account's 网页授权域名.
 * @param accounts Official accounts by AppID (开发者ID), e.g.
 *     salesbot.wechat-mp.accounts.wx0123456789abcdef.
 * @param campaigns QR campaigns by scene value (1–64 characters): what a scan of that scene's code
 *     becomes.
 * @param forms H5 lead forms by form id (the {formId} in /forms/{formId}).
 * @param keywords Texts that get the form link as a reply when a follower's message contains one.
 * @param keywordForm Per AppID, the form whose link keyword replies and welcome messages carry
 *     (else its first).
 * @param ratePerIp Form submissions allowed per IP address within rate-window, and as many
 *     silent-OAuth code exchanges (counted apart).
 * @param ratePerOpenid Form submissions allowed per openid within rate-window.
 * @param rateWindow The window of the form's rate limits.
 * @param maxFormBytes Largest accepted form submission, in bytes.
 */
@ConfigurationProperties("salesbot.wechat-mp")
public record WechatMpProperties(
    boolean enabled,
    @DefaultValue(WechatMpSettings.DEFAULT_API_BASE_URL) String apiBaseUrl,
    @Nullable String publicBaseUrl,
    @DefaultValue Map<String, Account> accounts,
    @DefaultValue Map<String, Campaign> campaigns,
    @DefaultValue Map<String, Form> forms,
    @DefaultValue({"咨询", "报价", "试用"}) List<String> keywords,
    @DefaultValue Map<String, String> keywordForm,
    @DefaultValue("10") int ratePerIp,
    @DefaultValue("3") int ratePerOpenid,
    @DefaultValue("10m") Duration rateWindow,
    @DefaultValue("16384") int maxFormBytes) {
  private static final String P = "salesbot.wechat-mp";

  public WechatMpProperties {
    accounts = Immutable.map(accounts);
    campaigns = Immutable.map(campaigns);
    forms = Immutable.map(forms);
    keywords = Immutable.list(keywords);
    keywordForm = Immutable.map(keywordForm);
  }

  /**
   * One official account.
   *
   * @param secret The AppSecret (开发者密码), for access tokens and OAuth.
   * @param token The Token set on 服务器配置, 3–32 letters or digits.
   * @param aesKey The EncodingAESKey (43 characters) in safe or compatible mode; leave empty in
   *     plain mode.
   */
  public record Account(@Nullable String secret, @Nullable String token, @Nullable String aesKey) {}

  /**
   * A QR campaign.
   *
   * @param source The intake source its leads carry, e.g. wechat-expo.
   * @param name The campaign's name, shown on the lead, e.g. 2026 上海展会.
   * @param region The region its leads get (routing uses it).
   * @param product The product interest its leads get.
   * @param priority HOT or NORMAL: the intake lane of its leads.
   */
  public record Campaign(
      @Nullable String source,
      @Nullable String name,
      @Nullable String region,
      @Nullable String product,
      @DefaultValue("NORMAL") String priority) {}

  /**
   * An H5 lead form.
   *
   * @param appId The AppID whose silent OAuth identifies followers and whose messages thank them.
   * @param source The intake source its leads carry, e.g. wechat-form.
   * @param title The page title, e.g. 免费试用申请.
   * @param intro A line under the title.
   * @param fields Fields shown, in order, from name, phone, company, region, product, message.
   * @param required Fields that must be filled.
   * @param regions Choices of the region picker; empty for a text field.
   * @param products Choices of product interest; empty for a text field.
   * @param highIntent Whether a lead with a phone from this form is hot.
   */
  public record Form(
      @Nullable String appId,
      @Nullable String source,
      @DefaultValue("留下您的联系方式") String title,
      @Nullable String intro,
      @DefaultValue({"name", "phone", "company", "message"}) List<String> fields,
      @DefaultValue({"name", "phone"}) List<String> required,
      @DefaultValue List<String> regions,
      @DefaultValue List<String> products,
      @DefaultValue("true") boolean highIntent) {
    public Form {
      fields = Immutable.list(fields);
      required = Immutable.list(required);
      regions = Immutable.list(regions);
      products = Immutable.list(products);
    }
  }

  /**
   * The adapter's settings.
   *
   * @throws InvalidConfigurationException naming the first missing or malformed property
   */
  public WechatMpSettings toSettings() {
    if (apiBaseUrl == null || !apiBaseUrl.matches("https?://\\S+")) {
      throw new InvalidConfigurationException(
          P + ".api-base-url",
          "must be an http(s) URL such as " + WechatMpSettings.DEFAULT_API_BASE_URL);
    }
    String base = required(P + ".public-base-url", publicBaseUrl);
    if (!base.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
      throw new InvalidConfigurationException(
          P + ".public-base-url",
          "must be the http(s) address phones reach salesbot at, e.g. https://leads.example.com");
    }
    if (accounts.isEmpty()) {
      throw new InvalidConfigurationException(
          P + ".accounts",
          "configure at least one account: " + P + ".accounts.<appId>.secret and .token");
    }
    Map<String, WechatMpSettings.Account> accountList = new LinkedHashMap<>();
    for (Map.Entry<String, Account> e : accounts.entrySet()) {
      String prefix = P + ".accounts." + e.getKey();
      if (!e.getKey().matches("wx[0-9A-Za-z]{1,30}")) {
        throw new InvalidConfigurationException(
            prefix, "the key must be the account's AppID, e.g. wx0123456789abcdef");
      }
      Account a = e.getValue();
      String secret = required(prefix + ".secret", a.secret());
      String token = required(prefix + ".token", a.token());
      if (!token.matches("[A-Za-z0-9]{3,32}")) {
        throw new InvalidConfigurationException(
            prefix + ".token", "must be the Token of 服务器配置: 3 to 32 letters or digits");
      }
      String aesKey = blankToNull(a.aesKey());
      if (aesKey != null && (aesKey.length() != 43 || !aesKey.matches("[A-Za-z0-9]+"))) {
        throw new InvalidConfigurationException(
            prefix + ".aes-key",
            "must be the 43-character EncodingAESKey of 服务器配置 (letters and digits), got "
                + aesKey.length()
                + " characters; leave it empty in plain mode");
      }
      accountList.put(e.getKey(), new WechatMpSettings.Account(e.getKey(), secret, token, aesKey));
    }
    Map<String, WechatMpSettings.Campaign> campaignList = new LinkedHashMap<>();
    for (Map.Entry<String, Campaign> e : campaigns.entrySet()) {
      String prefix = P + ".campaigns." + e.getKey();
      if (e.getKey().isEmpty()
          || e.getKey().length() > 64
          || !e.getKey().matches("[A-Za-z0-9_\\-.]+")) {
        throw new InvalidConfigurationException(
            prefix, "the key is the QR scene value: 1 to 64 letters, digits, '_', '-' or '.'");
      }
      Campaign c = e.getValue();
      Priority priority;
      try {
        priority = Priority.valueOf(c.priority().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfigurationException(prefix + ".priority", "must be HOT or NORMAL");
      }
      campaignList.put(
          e.getKey(),
          new WechatMpSettings.Campaign(
              e.getKey(),
              source(prefix + ".source", c.source()),
              required(prefix + ".name", c.name()),
              blankToNull(c.region()),
              blankToNull(c.product()),
              priority));
    }
    Map<String, WechatMpSettings.Form> formList = new LinkedHashMap<>();
    for (Map.Entry<String, Form> e : forms.entrySet()) {
      String prefix = P + ".forms." + e.getKey();
      if (!e.getKey().matches("[A-Za-z0-9_\\-]{1,64}")) {
        throw new InvalidConfigurationException(
            prefix,
            "the key is the form id in /forms/{formId}: 1 to 64 letters, digits, '_' or '-'");
      }
      Form form = e.getValue();
      String appId = required(prefix + ".app-id", form.appId());
      if (!accountList.containsKey(appId)) {
        throw new InvalidConfigurationException(
            prefix + ".app-id",
            "'" + appId + "' is not one of " + P + ".accounts " + accountList.keySet());
      }
      for (String f : form.fields()) {
        if (!WechatMpSettings.Form.FIELDS.contains(f)) {
          throw new InvalidConfigurationException(
              prefix + ".fields",
              "'" + f + "' is not a field; choose from " + WechatMpSettings.Form.FIELDS);
        }
      }
      if (form.fields().isEmpty()) {
        throw new InvalidConfigurationException(prefix + ".fields", "list at least one field");
      }
      for (String f : form.required()) {
        if (!form.fields().contains(f)) {
          throw new InvalidConfigurationException(
              prefix + ".required", "'" + f + "' is not among the form's fields " + form.fields());
        }
      }
      if (!form.fields().contains("name") && !form.fields().contains("phone")) {
        throw new InvalidConfigurationException(
            prefix + ".fields", "a form needs name or phone (a lead needs one of them)");
      }
      formList.put(
          e.getKey(),
          new WechatMpSettings.Form(
              e.getKey(),
              appId,
              source(prefix + ".source", form.source()),
              required(prefix + ".title", form.title()),
              blankToNull(form.intro()),
              form.fields(),
              form.required(),
              form.regions(),
              form.products(),
              form.highIntent()));
    }
    for (Map.Entry<String, String> e : keywordForm.entrySet()) {
      if (!formList.containsKey(e.getValue())) {
        throw new InvalidConfigurationException(
            P + ".keyword-form." + e.getKey(),
            "'" + e.getValue() + "' is not one of " + P + ".forms");
      }
    }
    if (ratePerIp < 1 || ratePerOpenid < 1) {
      throw new InvalidConfigurationException(
          ratePerIp < 1 ? P + ".rate-per-ip" : P + ".rate-per-openid", "must be at least 1");
    }
    if (rateWindow == null || rateWindow.isNegative() || rateWindow.isZero()) {
      throw new InvalidConfigurationException(
          P + ".rate-window", "must be a positive duration such as 10m");
    }
    if (maxFormBytes < 1024 || maxFormBytes > 1024 * 1024) {
      throw new InvalidConfigurationException(P + ".max-form-bytes", "must be 1024 to 1048576");
    }
    return new WechatMpSettings(
        apiBaseUrl,
        base,
        accountList,
        campaignList,
        formList,
        keywords.stream().filter(k -> k != null && !k.isBlank()).map(String::strip).toList(),
        keywordForm,
        new WechatMpSettings.Limits(ratePerIp, ratePerOpenid, rateWindow, maxFormBytes));
  }

  private static String source(String property, @Nullable String value) {
    String s = required(property, value);
    if (!s.matches("[A-Za-z0-9_\\-]{1,64}")) {
      throw new InvalidConfigurationException(
          property, "must be a source id: 1 to 64 letters, digits, '_' or '-'");
    }
    return s;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String required(String property, @Nullable String value) {
    return InvalidConfigurationException.required(
        property, value, "salesbot.wechat-mp.enabled=true");
  }
}
