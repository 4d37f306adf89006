package io.salesbot.adapter.wechatmp;

import io.salesbot.core.kernel.domain.Priority;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the official-account adapter needs, already checked by whoever built it. Each value comes
 * from a {@code salesbot.wechat-mp.*} property of the same name and is documented there once (in
 * bot-server's {@code WechatMpProperties}, which also names the property of anything wrong).
 *
 * @param limits the form's abuse limits ({@code rate-per-ip}, {@code rate-per-openid}, {@code
 *     rate-window}, {@code max-form-bytes})
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

  /** One official account ({@code accounts.<appId>}); {@code aesKey} is null in plain mode. */
  public record Account(String appId, String secret, String token, @Nullable String aesKey) {}

  /** A campaign bound to a QR scene value ({@code campaigns.<scene>}). */
  public record Campaign(
      String scene,
      String sourceId,
      String name,
      @Nullable String region,
      @Nullable String product,
      Priority priority) {}

  /** An H5 lead form ({@code forms.<formId>}). */
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

  /** Abuse limits of the form: per IP and per openid within {@code window}; body size in bytes. */
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
