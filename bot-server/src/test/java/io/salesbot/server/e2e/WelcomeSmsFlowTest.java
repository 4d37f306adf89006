package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.salesbot.core.Salesbot;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Welcome SMS over HTTP: a signed lead from source {@code web} (welcome SMS on) with a phone is
 * routed to the reps as always, and the Aliyun stand-in (WireMock) receives one SendSms, signed as
 * Aliyun documents, with the lead's name in the template's parameters; the admin lead view shows
 * the send. The same number again is merged into the first lead by the intake and gets no second
 * SMS.
 *
 * <p>This context's timer poller is off ({@link PlatformFlows#isolate}): the test fires due timers
 * itself, so that the SMS is sent here, with this context's configuration (another context in the
 * same JVM, without welcome SMS, passes the timer on when it meets it).
 */
class WelcomeSmsFlowTest extends EndToEndSupport {
  static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
  static final String SECRET = "sms-secret-" + RUN;
  static final WireMockServer aliyun = startAliyun();

  private static WireMockServer startAliyun() {
    WireMockServer server = PlatformFlows.wireMock();
    server.stubFor(
        get(urlPathEqualTo("/"))
            .willReturn(
                okJson(
                    "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5\",\"BizId\":\"9006197469364984^0\","
                        + "\"Code\":\"OK\"}")));
    return server;
  }

  @DynamicPropertySource
  static void sms(DynamicPropertyRegistry registry) {
    PlatformFlows.isolate(registry, "it-sms");
    registry.add("salesbot.sms.aliyun.access-key-id", () -> "LTAI-" + RUN);
    registry.add("salesbot.sms.aliyun.access-key-secret", () -> SECRET);
    registry.add("salesbot.sms.aliyun.sign-name", () -> "销售助手");
    registry.add("salesbot.sms.aliyun.endpoint", aliyun::baseUrl);
    // A loaded CI machine answers slowly; a timeout would make the send a "try again later".
    registry.add("salesbot.sms.aliyun.call-timeout", () -> "15s");
    registry.add("salesbot.sms.sources.web.template-code", () -> "SMS_" + RUN);
    registry.add("salesbot.sms.sources.web.params.name", () -> "name");
    registry.add("salesbot.sms.sources.web.params.product", () -> "product");
    // No quiet hours: the test must pass at any time of day.
    registry.add("salesbot.sms.quiet-from", () -> "00:00");
    registry.add("salesbot.sms.quiet-until", () -> "00:00");
  }

  @Autowired Salesbot salesbot;

  private List<LoggedRequest> sendSms(String phone) {
    return aliyun.findAll(getRequestedFor(urlPathEqualTo("/"))).stream()
        .filter(r -> phone.equals(query(r).get("PhoneNumbers")))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> history(String leadId) {
    return (List<Map<String, Object>>) lead(leadId).get("history");
  }

  @Test
  void
      a_new_lead_gets_one_signed_welcome_sms_shown_in_its_history_and_the_same_number_none_again() {
    String phone = randomPhone();
    String name = "短信" + RUN;
    String intake =
        submit(
            "{\"name\":\""
                + name
                + "\",\"phone\":\""
                + phone
                + "\",\"region\":\"华东\",\"product\":\"CRM\"}");
    // Routed to the reps as always.
    awaitItem("zhangsan", i -> i.toString().contains("新线索：" + name));

    List<LoggedRequest> sent =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> {
                  salesbot.timers().fireDue(100).block();
                  return sendSms(phone);
                },
                requests -> !requests.isEmpty());
    assertThat(sent).hasSize(1);
    Map<String, String> q = query(sent.get(0));
    assertThat(q)
        .containsEntry("Action", "SendSms")
        .containsEntry("Version", "2017-05-25")
        .containsEntry("AccessKeyId", "LTAI-" + RUN)
        .containsEntry("SignName", "销售助手")
        .containsEntry("TemplateCode", "SMS_" + RUN)
        .containsEntry("TemplateParam", "{\"name\":\"" + name + "\",\"product\":\"CRM\"}")
        .containsEntry("SignatureMethod", "HMAC-SHA1")
        .containsEntry("SignatureVersion", "1.0");
    assertThat(q.get("Signature")).isEqualTo(independentSignature(q, SECRET));

    String leadId = (String) lead(intake).get("id");
    assertThat(q).containsEntry("OutId", leadId);
    Map<String, Object> entry =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    history(leadId).stream()
                        .filter(h -> "sms_sent".equals(h.get("action")))
                        .findFirst()
                        .orElse(null),
                h -> h != null);
    String masked = phone.substring(0, 3) + "****" + phone.substring(7);
    assertThat((String) entry.get("reason"))
        .contains("SMS_" + RUN, masked, "9006197469364984^0")
        .doesNotContain(phone);

    // The same number again: merged into the first lead by the intake, no second SMS planned.
    submit("{\"name\":\"" + name + "\",\"phone\":\"" + phone + "\",\"region\":\"华东\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> history(leadId).stream().anyMatch(h -> "merged".equals(h.get("action"))));
    salesbot.timers().fireDue(100).block();
    assertThat(
            count(
                "select count(*) from timers where kind = 'sms-welcome' and lead_id = '"
                    + leadId
                    + "'"))
        .isZero();
    assertThat(sendSms(phone)).hasSize(1);
    assertThat(history(leadId).stream().filter(h -> "sms_sent".equals(h.get("action")))).hasSize(1);
  }

  /** The query parameters as received, percent-decoded ('+' is a literal plus here). */
  private static Map<String, String> query(LoggedRequest request) {
    Map<String, String> params = new TreeMap<>();
    for (String pair : URI.create(request.getAbsoluteUrl()).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Aliyun's documented RPC signature (v1.0, HMAC-SHA1), written here without the adapter. */
  private static String independentSignature(Map<String, String> received, String secret) {
    String query =
        new TreeMap<>(received)
            .entrySet().stream()
                .filter(e -> !e.getKey().equals("Signature"))
                .map(e -> special(e.getKey()) + "=" + special(e.getValue()))
                .collect(Collectors.joining("&"));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(
              mac.doFinal(
                  ("GET&" + special("/") + "&" + special(query)).getBytes(StandardCharsets.UTF_8)));
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
