package io.salesbot.core.sms.domain;

import java.util.Map;
import java.util.Objects;

/**
 * One templated SMS to one mainland mobile number.
 *
 * @param phone an 11-digit mainland mobile number
 * @param templateCode the provider's template ({@code SMS_123456789})
 * @param params the template's variables and their values, in order
 * @param outId the caller's reference, given back in the provider's receipts (the lead id)
 */
public record SmsMessage(
    String phone, String templateCode, Map<String, String> params, String outId) {
  public SmsMessage {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(templateCode, "templateCode");
    Objects.requireNonNull(outId, "outId");
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }
}
