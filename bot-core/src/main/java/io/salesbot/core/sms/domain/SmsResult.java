package io.salesbot.core.sms.domain;

import java.util.Objects;

/** What the SMS provider made of one message: sent, try again later, or refused for good. */
public sealed interface SmsResult {
  /** Accepted by the provider; {@code reference} is its receipt id (Aliyun's BizId). */
  record Sent(String reference) implements SmsResult {
    public Sent {
      Objects.requireNonNull(reference, "reference");
    }
  }

  /** Not sent now, worth trying again later (throttled, provider busy, network). */
  record Later(String code, String detail) implements SmsResult {
    public Later {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Not sent, and trying again cannot help (bad number, template refused, account empty). */
  record Refused(String code, String detail) implements SmsResult {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
