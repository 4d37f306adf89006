package io.salesbot.adapter.sms.aliyun;

import io.salesbot.core.kernel.domain.PhoneNumbers;
import io.salesbot.core.sms.SmsSender;
import io.salesbot.core.sms.domain.SmsMessage;
import io.salesbot.core.sms.domain.SmsResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SmsSender} over Aliyun SMS: one signed {@code GET /?Action=SendSms&…} (RPC style, API
 * version 2017-05-25, {@link AliyunSignature}) per message, answered in JSON with a {@code Code}.
 *
 * <p>{@code OK} is {@link SmsResult.Sent} with the {@code BizId}. Throttling and the provider's own
 * trouble ({@code isv.BUSINESS_LIMIT_CONTROL}, {@code Throttling*}, {@code isp.*}, {@code
 * SignatureNonceUsed}, HTTP 5xx, I/O errors) are {@link SmsResult.Later}. Everything else is {@link
 * SmsResult.Refused}: a bad number ({@code isv.MOBILE_NUMBER_ILLEGAL}), a template or signature the
 * provider does not accept ({@code isv.SMS_TEMPLATE_ILLEGAL}, {@code isv.SMS_SIGNATURE_ILLEGAL},
 * {@code isv.TEMPLATE_MISSING_PARAMETERS}), an empty account ({@code isv.AMOUNT_NOT_ENOUGH}), a
 * wrong AccessKey; those that need a person (template, signature, account, key) are logged at ERROR
 * once per code with what to check. Phone numbers are never logged unmasked.
 */
public final class AliyunSms implements SmsSender {
  static final String VERSION = "2017-05-25";

  /** Answers that trying again later may fix. */
  static final Set<String> LATER =
      Set.of(
          "isv.BUSINESS_LIMIT_CONTROL",
          "isp.SYSTEM_ERROR",
          "isp.RAM_PERMISSION_DENY_TEMPORARY",
          "SignatureNonceUsed",
          "ServiceUnavailable",
          "InternalError",
          "Throttling",
          "Throttling.User",
          "Throttling.Api");

  /** Refusals that are the operator's to fix, not the lead's: what to check. */
  static final Map<String, String> OPERATOR =
      Map.of(
          "isv.SMS_TEMPLATE_ILLEGAL",
          "the template code is unknown or not approved for this account: check"
              + " salesbot.sms.sources.<source>.template-code and the Aliyun SMS console",
          "isv.TEMPLATE_MISSING_PARAMETERS",
          "the template has variables salesbot does not fill: check"
              + " salesbot.sms.sources.<source>.params",
          "isv.SMS_SIGNATURE_ILLEGAL",
          "the signature is unknown or not approved: check salesbot.sms.aliyun.sign-name",
          "isv.AMOUNT_NOT_ENOUGH",
          "the Aliyun account has no balance left: top it up; no SMS goes until then",
          "InvalidAccessKeyId.NotFound",
          "Aliyun does not know the AccessKey: check salesbot.sms.aliyun.access-key-id",
          "SignatureDoesNotMatch",
          "the signature does not match: check salesbot.sms.aliyun.access-key-secret");

  private static final Logger log = LoggerFactory.getLogger(AliyunSms.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ISO_INSTANT;

  private final AliyunSmsSettings settings;
  private final Clock clock;
  private final Supplier<String> nonces;
  private final HttpClient http;
  private final Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public AliyunSms(AliyunSmsSettings settings, Clock clock) {
    this(settings, clock, () -> UUID.randomUUID().toString());
  }

  /** With fixed nonces, for tests that check the signature. */
  AliyunSms(AliyunSmsSettings settings, Clock clock, Supplier<String> nonces) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nonces = Objects.requireNonNull(nonces, "nonces");
    this.http = HttpClient.newBuilder().connectTimeout(settings.callTimeout()).build();
  }

  @Override
  public Mono<SmsResult> send(SmsMessage message) {
    return Mono.defer(
        () -> {
          Map<String, String> params = params(message);
          params.put("Signature", AliyunSignature.sign(params, settings.accessKeySecret()));
          StringBuilder query = new StringBuilder();
          params.forEach(
              (name, value) -> {
                if (!query.isEmpty()) {
                  query.append('&');
                }
                query
                    .append(AliyunSignature.percentEncode(name))
                    .append('=')
                    .append(AliyunSignature.percentEncode(value));
              });
          String base = settings.endpoint().toString();
          HttpRequest request =
              HttpRequest.newBuilder(
                      URI.create((base.endsWith("/") ? base : base + "/") + "?" + query))
                  .timeout(settings.callTimeout())
                  .GET()
                  .build();
          String to = PhoneNumbers.mask(message.phone());
          return Mono.fromFuture(
                  () ->
                      http.sendAsync(
                          request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)))
              .map(response -> answer(response, message, to))
              .onErrorResume(
                  e ->
                      Mono.just(
                          new SmsResult.Later(
                              "io", "Aliyun SMS not reached: " + e.getClass().getSimpleName())));
        });
  }

  /** The request's parameters, without the signature. */
  Map<String, String> params(SmsMessage message) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AccessKeyId", settings.accessKeyId());
    p.put("Action", "SendSms");
    p.put("Format", "JSON");
    p.put("OutId", message.outId());
    p.put("PhoneNumbers", message.phone());
    p.put("RegionId", "cn-hangzhou");
    p.put("SignName", settings.signName());
    p.put("SignatureMethod", "HMAC-SHA1");
    p.put("SignatureNonce", nonces.get());
    p.put("SignatureVersion", "1.0");
    p.put("TemplateCode", message.templateCode());
    p.put("TemplateParam", JSON.writeValueAsString(message.params()));
    p.put("Timestamp", ISO8601.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    p.put("Version", VERSION);
    return p;
  }

  private SmsResult answer(HttpResponse<String> response, SmsMessage message, String to) {
    String code;
    String text;
    String bizId;
    try {
      JsonNode body = JSON.readTree(response.body());
      code = body.path("Code").asString("");
      text = body.path("Message").asString("");
      bizId = body.path("BizId").asString("");
    } catch (RuntimeException e) {
      code = "";
      text = "";
      bizId = "";
    }
    if (code.isEmpty()) {
      String status = "http-" + response.statusCode();
      return response.statusCode() >= 500 || response.statusCode() == 429
          ? new SmsResult.Later(status, "Aliyun SMS busy")
          : new SmsResult.Refused(status, "Aliyun SMS answered without a Code");
    }
    if (code.equals("OK")) {
      return new SmsResult.Sent(bizId.isEmpty() ? "-" : bizId);
    }
    String detail = PhoneNumbers.maskAll(text);
    if (LATER.contains(code) || code.startsWith("isp.") || response.statusCode() >= 500) {
      return new SmsResult.Later(code, detail);
    }
    String hint = OPERATOR.get(code);
    if (hint != null) {
      if (reported.add(code)) {
        log.error(
            "Aliyun SMS refused template {} to {} ({}: {}): {}; the leads go on without their"
                + " welcome SMS",
            message.templateCode(),
            to,
            code,
            detail,
            hint);
      }
      return new SmsResult.Refused(code, detail + " — " + hint);
    }
    return new SmsResult.Refused(code, detail);
  }
}
