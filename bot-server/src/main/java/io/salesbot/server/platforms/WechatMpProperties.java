package io.salesbot.server.platforms;

import io.salesbot.adapter.wechatmp.WechatMpSettings;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code salesbot.wechat-mp.*}. Checked by {@link #toSettings()} only when the
 * official account is enabled, so a disabled one never stops start-up.
 */
@ConfigurationProperties("salesbot.wechat-mp")
public class WechatMpProperties {
  /** Turns the WeChat official account (公众号) adapter on: callbacks, QR scenes, the H5 form. */
  private boolean enabled;

  /** WeChat's API host; change only to point at a stand-in in tests. */
  private String apiBaseUrl = WechatMpSettings.DEFAULT_API_BASE_URL;

  /**
   * Where phones reach salesbot, e.g. https://leads.example.com: form links and the OAuth redirect
   * start with it; its domain must be the account's 网页授权域名.
   */
  private @Nullable String publicBaseUrl;

  /** Official accounts by AppID (开发者ID), e.g. salesbot.wechat-mp.accounts.wx0123456789abcdef. */
  private Map<String, Account> accounts = new LinkedHashMap<>();

  /** QR campaigns by scene value (1–64 characters): what a scan of that scene's code becomes. */
  private Map<String, Campaign> campaigns = new LinkedHashMap<>();

  /** H5 lead forms by form id (the {formId} in /forms/{formId}). */
  private Map<String, Form> forms = new LinkedHashMap<>();

  /** Texts that get the form link as a reply when a follower's message contains one. */
  private List<String> keywords = new ArrayList<>(List.of("咨询", "报价", "试用"));

  /** Per AppID, the form whose link keyword replies and welcome messages carry (else its first). */
  private Map<String, String> keywordForm = new LinkedHashMap<>();

  /** Form submissions allowed per IP address within rate-window. */
  private int ratePerIp = 10;

  /** Form submissions allowed per openid within rate-window. */
  private int ratePerOpenid = 3;

  /** The window of the form's rate limits. */
  private Duration rateWindow = Duration.ofMinutes(10);

  /** Largest accepted form submission, in bytes. */
  private int maxFormBytes = 16 * 1024;

  /** One official account. */
  public static class Account {
    /** The AppSecret (开发者密码), for access tokens and OAuth. */
    private @Nullable String secret;

    /** The Token set on 服务器配置, 3–32 letters or digits. */
    private @Nullable String token;

    /** The EncodingAESKey (43 characters) in safe or compatible mode; leave empty in plain mode. */
    private @Nullable String aesKey;

    public @Nullable String getSecret() {
      return secret;
    }

    public void setSecret(@Nullable String secret) {
      this.secret = secret;
    }

    public @Nullable String getToken() {
      return token;
    }

    public void setToken(@Nullable String token) {
      this.token = token;
    }

    public @Nullable String getAesKey() {
      return aesKey;
    }

    public void setAesKey(@Nullable String aesKey) {
      this.aesKey = aesKey;
    }
  }

  /** A QR campaign. */
  public static class Campaign {
    /** The intake source its leads carry, e.g. wechat-expo. */
    private @Nullable String source;

    /** The campaign's name, shown on the lead, e.g. 2026 上海展会. */
    private @Nullable String name;

    /** The region its leads get (routing uses it). */
    private @Nullable String region;

    /** The product interest its leads get. */
    private @Nullable String product;

    /** HOT or NORMAL: the intake lane of its leads. */
    private String priority = "NORMAL";

    public @Nullable String getSource() {
      return source;
    }

    public void setSource(@Nullable String source) {
      this.source = source;
    }

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    public @Nullable String getRegion() {
      return region;
    }

    public void setRegion(@Nullable String region) {
      this.region = region;
    }

    public @Nullable String getProduct() {
      return product;
    }

    public void setProduct(@Nullable String product) {
      this.product = product;
    }

    public String getPriority() {
      return priority;
    }

    public void setPriority(String priority) {
      this.priority = priority;
    }
  }

  /** An H5 lead form. */
  public static class Form {
    /** The AppID whose silent OAuth identifies followers and whose messages thank them. */
    private @Nullable String appId;

    /** The intake source its leads carry, e.g. wechat-form. */
    private @Nullable String source;

    /** The page title, e.g. 免费试用申请. */
    private String title = "留下您的联系方式";

    /** A line under the title. */
    private @Nullable String intro;

    /** Fields shown, in order, from name, phone, company, region, product, message. */
    private List<String> fields = new ArrayList<>(List.of("name", "phone", "company", "message"));

    /** Fields that must be filled. */
    private List<String> required = new ArrayList<>(List.of("name", "phone"));

    /** Choices of the region picker; empty for a text field. */
    private List<String> regions = new ArrayList<>();

    /** Choices of product interest; empty for a text field. */
    private List<String> products = new ArrayList<>();

    /** Whether a lead with a phone from this form is hot. */
    private boolean highIntent = true;

    public @Nullable String getAppId() {
      return appId;
    }

    public void setAppId(@Nullable String appId) {
      this.appId = appId;
    }

    public @Nullable String getSource() {
      return source;
    }

    public void setSource(@Nullable String source) {
      this.source = source;
    }

    public String getTitle() {
      return title;
    }

    public void setTitle(String title) {
      this.title = title;
    }

    public @Nullable String getIntro() {
      return intro;
    }

    public void setIntro(@Nullable String intro) {
      this.intro = intro;
    }

    public List<String> getFields() {
      return fields;
    }

    public void setFields(List<String> fields) {
      this.fields = fields;
    }

    public List<String> getRequired() {
      return required;
    }

    public void setRequired(List<String> required) {
      this.required = required;
    }

    public List<String> getRegions() {
      return regions;
    }

    public void setRegions(List<String> regions) {
      this.regions = regions;
    }

    public List<String> getProducts() {
      return products;
    }

    public void setProducts(List<String> products) {
      this.products = products;
    }

    public boolean isHighIntent() {
      return highIntent;
    }

    public void setHighIntent(boolean highIntent) {
      this.highIntent = highIntent;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getApiBaseUrl() {
    return apiBaseUrl;
  }

  public void setApiBaseUrl(String apiBaseUrl) {
    this.apiBaseUrl = apiBaseUrl;
  }

  public @Nullable String getPublicBaseUrl() {
    return publicBaseUrl;
  }

  public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  public Map<String, Account> getAccounts() {
    return accounts;
  }

  public void setAccounts(Map<String, Account> accounts) {
    this.accounts = accounts;
  }

  public Map<String, Campaign> getCampaigns() {
    return campaigns;
  }

  public void setCampaigns(Map<String, Campaign> campaigns) {
    this.campaigns = campaigns;
  }

  public Map<String, Form> getForms() {
    return forms;
  }

  public void setForms(Map<String, Form> forms) {
    this.forms = forms;
  }

  public List<String> getKeywords() {
    return keywords;
  }

  public void setKeywords(List<String> keywords) {
    this.keywords = keywords;
  }

  public Map<String, String> getKeywordForm() {
    return keywordForm;
  }

  public void setKeywordForm(Map<String, String> keywordForm) {
    this.keywordForm = keywordForm;
  }

  public int getRatePerIp() {
    return ratePerIp;
  }

  public void setRatePerIp(int ratePerIp) {
    this.ratePerIp = ratePerIp;
  }

  public int getRatePerOpenid() {
    return ratePerOpenid;
  }

  public void setRatePerOpenid(int ratePerOpenid) {
    this.ratePerOpenid = ratePerOpenid;
  }

  public Duration getRateWindow() {
    return rateWindow;
  }

  public void setRateWindow(Duration rateWindow) {
    this.rateWindow = rateWindow;
  }

  public int getMaxFormBytes() {
    return maxFormBytes;
  }

  public void setMaxFormBytes(int maxFormBytes) {
    this.maxFormBytes = maxFormBytes;
  }

  private static final String P = "salesbot.wechat-mp";

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
      Account a = e.getValue() == null ? new Account() : e.getValue();
      String secret = required(prefix + ".secret", a.getSecret());
      String token = required(prefix + ".token", a.getToken());
      if (!token.matches("[A-Za-z0-9]{3,32}")) {
        throw new InvalidConfigurationException(
            prefix + ".token", "must be the Token of 服务器配置: 3 to 32 letters or digits");
      }
      String aesKey =
          a.getAesKey() == null || a.getAesKey().isBlank() ? null : a.getAesKey().strip();
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
      Campaign c = e.getValue() == null ? new Campaign() : e.getValue();
      Priority priority;
      try {
        priority = Priority.valueOf(c.getPriority().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfigurationException(prefix + ".priority", "must be HOT or NORMAL");
      }
      campaignList.put(
          e.getKey(),
          new WechatMpSettings.Campaign(
              e.getKey(),
              source(prefix + ".source", c.getSource()),
              required(prefix + ".name", c.getName()),
              blankToNull(c.getRegion()),
              blankToNull(c.getProduct()),
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
      Form form = e.getValue() == null ? new Form() : e.getValue();
      String appId = required(prefix + ".app-id", form.getAppId());
      if (!accountList.containsKey(appId)) {
        throw new InvalidConfigurationException(
            prefix + ".app-id",
            "'" + appId + "' is not one of " + P + ".accounts " + accountList.keySet());
      }
      for (String f : form.getFields()) {
        if (!WechatMpSettings.Form.FIELDS.contains(f)) {
          throw new InvalidConfigurationException(
              prefix + ".fields",
              "'" + f + "' is not a field; choose from " + WechatMpSettings.Form.FIELDS);
        }
      }
      if (form.getFields().isEmpty()) {
        throw new InvalidConfigurationException(prefix + ".fields", "list at least one field");
      }
      for (String f : form.getRequired()) {
        if (!form.getFields().contains(f)) {
          throw new InvalidConfigurationException(
              prefix + ".required",
              "'" + f + "' is not among the form's fields " + form.getFields());
        }
      }
      if (!form.getFields().contains("name") && !form.getFields().contains("phone")) {
        throw new InvalidConfigurationException(
            prefix + ".fields", "a form needs name or phone (a lead needs one of them)");
      }
      formList.put(
          e.getKey(),
          new WechatMpSettings.Form(
              e.getKey(),
              appId,
              source(prefix + ".source", form.getSource()),
              required(prefix + ".title", form.getTitle()),
              blankToNull(form.getIntro()),
              form.getFields(),
              form.getRequired(),
              form.getRegions(),
              form.getProducts(),
              form.isHighIntent()));
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
