package io.salesbot.core.sms;

import io.salesbot.core.sms.domain.SmsMessage;
import io.salesbot.core.sms.domain.SmsResult;
import reactor.core.publisher.Mono;

/**
 * Sends templated SMS through a provider (Aliyun SMS in production). Answers what the provider said
 * as a value; an error signal means the provider could not be asked (treated like {@link
 * SmsResult.Later}).
 */
@FunctionalInterface
public interface SmsSender {
  /** No provider: everything is refused. */
  SmsSender NONE =
      message ->
          Mono.just(new SmsResult.Refused("not-configured", "no SMS provider is configured"));

  Mono<SmsResult> send(SmsMessage message);
}
