package io.salesbot.adapter.sms.aliyun;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.salesbot.core.sms.domain.SmsMessage;
import io.salesbot.core.sms.domain.SmsResult;
import io.salesbot.core.testing.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Aliyun SendSms at a WireMock stand-in: the exact signed request, and each kind of answer. */
class AliyunSmsTest {
  static final String NONCE = "45e25e9b-0a6f-4070-8c85-2956eda1b466";
  static final SmsMessage WELCOME =
      new SmsMessage("13800138000", "SMS_100", params("王先生", "CRM"), "lead-1");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
  private WireMockServer aliyun;
  private AliyunSms sms;

  static Map<String, String> params(String name, String product) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("product", product);
    return p;
  }

  @BeforeEach
  void start() {
    aliyun = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    aliyun.start();
    sms =
        new AliyunSms(
            new AliyunSmsSettings(
                "testId",
                "testSecret",
                "销售助手",
                URI.create(aliyun.baseUrl()),
                Duration.ofSeconds(5)),
            clock,
            () -> NONCE);
  }

  @AfterEach
  void stop() {
    aliyun.stop();
  }

  private void answer(int status, String body) {
    aliyun.stubFor(
        get(urlPathEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  private static String code(String code, String message) {
    return "{\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\",\"Code\":\""
        + code
        + "\",\"Message\":\""
        + message
        + "\"}";
  }

  @Test
  void sends_one_correctly_signed_send_sms_and_reads_the_biz_id() {
    aliyun.stubFor(
        get(urlPathEqualTo("/"))
            .willReturn(
                okJson(
                    "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5\",\"BizId\":\"900619746936498440^0\","
                        + "\"Code\":\"OK\"}")));

    assertThat(sms.send(WELCOME).block()).isEqualTo(new SmsResult.Sent("900619746936498440^0"));

    List<LoggedRequest> requests = aliyun.findAll(getRequestedFor(urlPathEqualTo("/")));
    assertThat(requests).hasSize(1);
    Map<String, String> got = query(requests.get(0));
    assertThat(got)
        .containsEntry("Action", "SendSms")
        .containsEntry("Version", "2017-05-25")
        .containsEntry("Format", "JSON")
        .containsEntry("RegionId", "cn-hangzhou")
        .containsEntry("AccessKeyId", "testId")
        .containsEntry("PhoneNumbers", "13800138000")
        .containsEntry("SignName", "销售助手")
        .containsEntry("TemplateCode", "SMS_100")
        .containsEntry("TemplateParam", "{\"name\":\"王先生\",\"product\":\"CRM\"}")
        .containsEntry("OutId", "lead-1")
        .containsEntry("SignatureMethod", "HMAC-SHA1")
        .containsEntry("SignatureVersion", "1.0")
        .containsEntry("SignatureNonce", NONCE)
        .containsEntry("Timestamp", "2026-11-26T02:00:00Z");
    // The signature, computed here independently from the documented algorithm, and as the
    // fixed vector computed once outside Java (Python hmac/urllib) for these parameters.
    assertThat(got.get("Signature"))
        .isEqualTo(independentSignature(got, "testSecret"))
        .isEqualTo("DJiKghqNtAjNqKW2W8HCPYD2a1I=");
  }

  @Test
  void throttling_and_provider_trouble_are_tried_again_later() {
    answer(200, code("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5"));
    assertThat(sms.send(WELCOME).block())
        .isEqualTo(new SmsResult.Later("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5"));
    answer(200, code("isp.SYSTEM_ERROR", "isp.SYSTEM_ERROR"));
    assertThat(sms.send(WELCOME).block()).isInstanceOf(SmsResult.Later.class);
    answer(503, "<html>busy</html>");
    assertThat(sms.send(WELCOME).block())
        .isEqualTo(new SmsResult.Later("http-503", "Aliyun SMS busy"));
  }

  @Test
  void an_unreachable_provider_is_tried_again_later() {
    aliyun.stop();
    assertThat(sms.send(WELCOME).block())
        .isInstanceOfSatisfying(
            SmsResult.Later.class, later -> assertThat(later.code()).isEqualTo("io"));
  }

  @Test
  void a_bad_number_is_refused_for_good_with_the_number_masked() {
    answer(200, code("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号 13800138000"));
    assertThat(sms.send(WELCOME).block())
        .isEqualTo(new SmsResult.Refused("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号 138****8000"));
  }

  @Test
  void a_template_signature_account_or_key_problem_is_refused_and_says_what_to_check() {
    answer(200, code("isv.SMS_TEMPLATE_ILLEGAL", "模板不合法(不存在或被拉黑)"));
    assertThat(sms.send(WELCOME).block())
        .isInstanceOfSatisfying(
            SmsResult.Refused.class,
            r -> {
              assertThat(r.code()).isEqualTo("isv.SMS_TEMPLATE_ILLEGAL");
              assertThat(r.detail()).contains("salesbot.sms.sources.<source>.template-code");
            });
    answer(200, code("isv.AMOUNT_NOT_ENOUGH", "账户余额不足"));
    assertThat(sms.send(WELCOME).block())
        .isInstanceOfSatisfying(
            SmsResult.Refused.class, r -> assertThat(r.detail()).contains("top it up"));
    answer(400, code("SignatureDoesNotMatch", "Specified signature is not matched"));
    assertThat(sms.send(WELCOME).block())
        .isInstanceOfSatisfying(
            SmsResult.Refused.class,
            r -> assertThat(r.detail()).contains("salesbot.sms.aliyun.access-key-secret"));
  }

  @Test
  void an_answer_without_a_code_is_refused_unless_the_provider_was_busy() {
    answer(404, "not here");
    assertThat(sms.send(WELCOME).block())
        .isEqualTo(new SmsResult.Refused("http-404", "Aliyun SMS answered without a Code"));
  }

  /** The query parameters as received, decoded. */
  private static Map<String, String> query(LoggedRequest request) {
    String raw = URI.create(request.getAbsoluteUrl()).getRawQuery();
    Map<String, String> params = new TreeMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    return params;
  }

  /** Percent-decoding; a literal '+' stays a plus (it is not a space in this API's encoding). */
  private static String decode(String s) {
    return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * Aliyun's documented RPC signature written again without the adapter's code: URLEncoder plus the
   * documented replacements ({@code +}→{@code %20}, {@code *}→{@code %2A}, {@code %7E}→{@code ~}),
   * sorted parameters without Signature, {@code GET&%2F&} + encoded query, HMAC-SHA1 with the
   * secret and {@code &}, Base64.
   */
  static String independentSignature(Map<String, String> received, String secret) {
    String query =
        new TreeMap<>(received)
            .entrySet().stream()
                .filter(e -> !e.getKey().equals("Signature"))
                .map(e -> special(e.getKey()) + "=" + special(e.getValue()))
                .collect(Collectors.joining("&"));
    String toSign = "GET&" + special("/") + "&" + special(query);
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static String special(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }
}
