package io.salesbot.adapter.wechatmp;

import io.salesbot.core.kernel.domain.Priority;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the official-account adapter needs, already checked by whoever built it (bot-server names
 * the property of anything wrong).
 *
 * @param apiBaseUrl WeChat's API host ({@code https://api.weixin.qq.com}); a stand-in in tests
 * @param publicBaseUrl where people reach salesbot from their phones, e.g. {@code
 *     https://leads.example.com}: form links and the OAuth redirect start with it
 * @param accounts official accounts by AppID
 * @param campaigns QR scene → campaign
 * @param forms H5 forms by form id
 * @param keywords texts that get the form link as a reply (matched when the message contains one)
 * @param keywordForm the form whose link keyword replies and welcome messages carry, per AppID
 * @param limits abuse limits of the form
 */
public record WechatMpSettings(
    String apiBaseUrl,
    String publicBaseUrl,
    Map<String, Account> accounts,
    Map<String, Campaign> campaigns,
    Map<String, Form> forms,
    List<String> keywords,
    Map<String, String> keywordForm,
    Limits limits) {
  public static final String DEFAULT_API_BASE_URL = "https://api.weixin.qq.com";
  public static final String PLATFORM = "wechat-mp";

  public WechatMpSettings {
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    publicBaseUrl =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
    accounts = Map.copyOf(new LinkedHashMap<>(accounts));
    campaigns = Map.copyOf(campaigns);
    forms = Map.copyOf(forms);
    keywords = List.copyOf(keywords);
    keywordForm = Map.copyOf(keywordForm);
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * One official account.
   *
   * @param aesKey the 43-character EncodingAESKey in safe mode (安全模式), null in plain mode
   */
  public record Account(String appId, String secret, String token, @Nullable String aesKey) {}

  /**
   * A campaign bound to a QR scene value.
   *
   * @param sourceId the intake source its leads carry
   */
  public record Campaign(
      String scene,
      String sourceId,
      String name,
      @Nullable String region,
      @Nullable String product,
      Priority priority) {}

  /**
   * An H5 lead form.
   *
   * @param appId the account whose OAuth gives the openid and whose customer-service message thanks
   * @param fields the fields shown, in order: name, phone, company, region, product, message
   * @param required the fields that must be filled
   * @param regions the region picker's choices (empty: a text field)
   * @param products the product-interest choices (empty: a text field)
   * @param highIntent whether a lead with a phone from this form is hot
   */
  public record Form(
      String formId,
      String appId,
      String sourceId,
      String title,
      @Nullable String intro,
      List<String> fields,
      List<String> required,
      List<String> regions,
      List<String> products,
      boolean highIntent) {
    public static final List<String> FIELDS =
        List.of("name", "phone", "company", "region", "product", "message");

    public Form {
      fields = List.copyOf(fields);
      required = List.copyOf(required);
      regions = List.copyOf(regions);
      products = List.copyOf(products);
    }
  }

  /**
   * Abuse limits of the form.
   *
   * @param perIp submissions per IP address per {@code window}
   * @param perOpenId submissions per openid per {@code window}
   * @param maxBody largest accepted form body in bytes
   */
  public record Limits(int perIp, int perOpenId, Duration window, int maxBody) {
    public static Limits defaults() {
      return new Limits(10, 3, Duration.ofMinutes(10), 16 * 1024);
    }
  }

  /** The public link of a form. */
  public String formUrl(String formId) {
    return publicBaseUrl + "/forms/" + formId;
  }
}
