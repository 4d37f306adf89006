package io.salesbot.server.platforms;

import io.salesbot.adapter.email.EmailPlatform;
import io.salesbot.adapter.email.EmailSettings;
import io.salesbot.core.platform.ChatPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * E-mail, when {@code salesbot.email.host} is set: the {@link EmailPlatform} (id {@code email})
 * that people's {@code email:} addresses are sent to, through its own outbox like any platform.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("salesbot.email.host")
public class EmailWiring {
  private static final Logger LOG = LoggerFactory.getLogger(EmailWiring.class);

  @Bean
  ChatPlatform emailPlatform(EmailProperties email) {
    EmailSettings settings = email.toSettings();
    LOG.info(
        "E-mail is on: {}:{} ({}), from {}; reminders and escalations nobody acts on within {}"
            + " are also mailed",
        settings.host(),
        settings.port(),
        settings.security(),
        settings.from(),
        email.unacknowledgedAfter().isZero() ? "(never: 0)" : email.unacknowledgedAfter());
    return new EmailPlatform(settings);
  }
}
