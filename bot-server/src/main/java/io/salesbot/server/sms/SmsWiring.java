package io.salesbot.server.sms;

import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.sms.aliyun.AliyunSms;
import io.salesbot.adapter.sms.aliyun.AliyunSmsSettings;
import io.salesbot.core.kernel.domain.PhoneNumbers;
import io.salesbot.core.sms.SmsPorts;
import io.salesbot.core.sms.domain.SmsSettings;
import io.salesbot.server.config.SalesbotProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Welcome SMS: the rules from {@code salesbot.sms.*} (validated at start-up, naming the wrong
 * property) and, when a source asks for them, the Aliyun SMS adapter, the opt-out list and the
 * Redis counters of the daily limit. Off (nothing sent, nothing counted) unless configured.
 */
@Configuration(proxyBeanMethods = false)
public class SmsWiring {
  private static final Logger LOG = LoggerFactory.getLogger(SmsWiring.class);

  /** What the core assembly gets: the ports and the rules. */
  public record Sms(SmsPorts ports, SmsSettings settings) {}

  @Bean
  Sms welcomeSms(
      SmsProperties sms, SalesbotProperties properties, RedisAdapter redis, Clock clock) {
    SmsSettings settings = sms.toSettings(properties.intake().sources().keySet());
    if (!settings.on()) {
      return new Sms(SmsPorts.NONE, settings);
    }
    AliyunSmsSettings aliyun = sms.aliyunSettings();
    LOG.info(
        "Welcome SMS from sources {} through Aliyun SMS ({}, signature {}); {} a number a day,"
            + " quiet {}–{} {}, {} opted out (salesbot.sms.*)",
        settings.sources().keySet(),
        aliyun.endpoint(),
        aliyun.signName(),
        settings.dailyLimit(),
        settings.quietFrom(),
        settings.quietUntil(),
        settings.zone(),
        sms.optOut().size());
    LOG.debug("Opted out: {}", sms.optOut().stream().map(PhoneNumbers::maskAll).toList());
    return new Sms(
        new SmsPorts(new AliyunSms(aliyun, clock), sms.optOuts(), redis.quotas()), settings);
  }
}
