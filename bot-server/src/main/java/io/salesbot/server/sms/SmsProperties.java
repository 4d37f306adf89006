package io.salesbot.server.sms;

import io.salesbot.adapter.sms.aliyun.AliyunSmsSettings;
import io.salesbot.core.sms.SmsOptOuts;
import io.salesbot.core.sms.domain.SmsSettings;
import io.salesbot.core.sms.domain.SmsTemplate;
import io.salesbot.server.config.Immutable;
import io.salesbot.server.config.InvalidConfigurationException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Welcome SMS (欢迎短信), {@code salesbot.sms.*}: off until a source asks for one.
 *
 * @param aliyun The Aliyun SMS account that sends them.
 * @param sources Intake sources (ids as under salesbot.intake.sources) whose leads with a phone get
 *     a welcome SMS, each with its template.
 * @param dailyLimit Welcome SMS one number may get per calendar day, across all instances. Default
 *     1.
 * @param quietFrom Start of the quiet hours (HH:mm, local time in zone): no SMS until quiet-until,
 *     they wait. Default 21:00.
 * @param quietUntil End of the quiet hours (HH:mm); equal to quiet-from for none. Default 08:00.
 * @param zone The time zone of the quiet hours and of the daily limit's days. Default
 *     Asia/Shanghai.
 * @param retryAfter How long after a "try later" answer (throttling, provider trouble) the next try
 *     is. Default 10m.
 * @param attempts Tries in all before a welcome SMS is given up. Default 3.
 * @param optOut Numbers that never get an SMS (退订), mainland mobile numbers in any common spelling.
 */
@ConfigurationProperties("salesbot.sms")
public record SmsProperties(
    @DefaultValue Aliyun aliyun,
    @DefaultValue Map<String, Source> sources,
    @DefaultValue("1") int dailyLimit,
    @DefaultValue("21:00") String quietFrom,
    @DefaultValue("08:00") String quietUntil,
    @DefaultValue("Asia/Shanghai") String zone,
    @DefaultValue("10m") Duration retryAfter,
    @DefaultValue("3") int attempts,
    @DefaultValue List<String> optOut) {

  public SmsProperties {
    sources = Immutable.map(sources);
    optOut = Immutable.list(optOut);
  }

  /**
   * The Aliyun SMS account.
   *
   * @param accessKeyId AccessKey ID of a RAM user allowed to call dysmsapi SendSms.
   * @param accessKeySecret Its AccessKey secret.
   * @param signName The approved SMS signature (短信签名), shown as 【sign-name】.
   * @param endpoint The API's address. Default https://dysmsapi.aliyuncs.com.
   * @param callTimeout Connect and answer timeout of one call. Default 5s.
   */
  public record Aliyun(
      @Nullable String accessKeyId,
      @Nullable String accessKeySecret,
      @Nullable String signName,
      @DefaultValue("https://dysmsapi.aliyuncs.com") URI endpoint,
      @DefaultValue("5s") Duration callTimeout) {
    @Override
    public String toString() {
      return "Aliyun[accessKeyId=" + accessKeyId + ", signName=" + signName + "]";
    }
  }

  /**
   * One source's welcome SMS.
   *
   * @param templateCode The approved template's code (SMS_123456789).
   * @param params Template variable → lead field (name, company, product, region, industry,
   *     source). Default name: name.
   */
  public record Source(@Nullable String templateCode, @Nullable Map<String, String> params) {}

  /** Whether any source asks for a welcome SMS. */
  public boolean on() {
    return !sources.isEmpty();
  }

  /**
   * The core's rules.
   *
   * @param intakeSources the configured intake source ids, which a welcome SMS source must be
   * @throws InvalidConfigurationException naming the first wrong property
   */
  public SmsSettings toSettings(Set<String> intakeSources) {
    if (!on()) {
      return SmsSettings.OFF;
    }
    Map<String, SmsTemplate> templates = new LinkedHashMap<>();
    sources.forEach(
        (id, source) -> {
          String prefix = "salesbot.sms.sources." + id;
          if (!intakeSources.contains(id)) {
            throw new InvalidConfigurationException(
                prefix,
                "is not an intake source (configured under salesbot.intake.sources: "
                    + intakeSources
                    + ")");
          }
          String code =
              InvalidConfigurationException.required(
                  prefix + ".template-code", source.templateCode(), "a source sends a welcome SMS");
          Map<String, String> params =
              source.params() == null || source.params().isEmpty()
                  ? Map.of("name", "name")
                  : source.params();
          try {
            templates.put(id, new SmsTemplate(code, params));
          } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(prefix + ".params", e.getMessage());
          }
        });
    LocalTime from = time("salesbot.sms.quiet-from", quietFrom);
    LocalTime until = time("salesbot.sms.quiet-until", quietUntil);
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidConfigurationException(
          "salesbot.sms.zone", "'" + zone + "' is not a time zone such as Asia/Shanghai");
    }
    if (dailyLimit < 1) {
      throw new InvalidConfigurationException(
          "salesbot.sms.daily-limit", "must be at least 1, got " + dailyLimit);
    }
    if (attempts < 1) {
      throw new InvalidConfigurationException(
          "salesbot.sms.attempts", "must be at least 1, got " + attempts);
    }
    if (retryAfter.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new InvalidConfigurationException(
          "salesbot.sms.retry-after", "must be at least 10s, got " + retryAfter);
    }
    aliyunSettings(); // the account is checked at start-up too
    optOuts();
    return new SmsSettings(templates, dailyLimit, from, until, zoneId, retryAfter, attempts);
  }

  /** The opt-out list; a malformed number is named by its index (and masked). */
  public SmsOptOuts optOuts() {
    for (int i = 0; i < optOut.size(); i++) {
      try {
        SmsOptOuts.of(List.of(optOut.get(i)));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException("salesbot.sms.opt-out[" + i + "]", e.getMessage());
      }
    }
    return SmsOptOuts.of(optOut);
  }

  /** The Aliyun account, when a source sends welcome SMS. */
  public AliyunSmsSettings aliyunSettings() {
    String when = "salesbot.sms.sources has a source";
    String id =
        InvalidConfigurationException.required(
            "salesbot.sms.aliyun.access-key-id", aliyun.accessKeyId(), when);
    String secret =
        InvalidConfigurationException.required(
            "salesbot.sms.aliyun.access-key-secret", aliyun.accessKeySecret(), when);
    String sign =
        InvalidConfigurationException.required(
            "salesbot.sms.aliyun.sign-name", aliyun.signName(), when);
    String scheme = aliyun.endpoint().getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new InvalidConfigurationException(
          "salesbot.sms.aliyun.endpoint", "must be an http(s) URL, got " + aliyun.endpoint());
    }
    if (aliyun.callTimeout().isNegative() || aliyun.callTimeout().isZero()) {
      throw new InvalidConfigurationException(
          "salesbot.sms.aliyun.call-timeout", "must be positive, got " + aliyun.callTimeout());
    }
    return new AliyunSmsSettings(id, secret, sign, aliyun.endpoint(), aliyun.callTimeout());
  }

  private static LocalTime time(String property, String value) {
    try {
      return LocalTime.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidConfigurationException(
          property, "'" + value + "' is not a time of day such as 21:00");
    }
  }
}
