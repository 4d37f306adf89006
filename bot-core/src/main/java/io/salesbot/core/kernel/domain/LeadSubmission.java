package io.salesbot.core.kernel.domain;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A validated, normalised lead as it entered through a source. The phone, when present, is an
 * 11-digit mainland mobile number.
 */
public record LeadSubmission(
    String intakeId,
    String sourceId,
    @Nullable String name,
    @Nullable String phone,
    @Nullable String company,
    @Nullable String region,
    @Nullable String industry,
    @Nullable String product,
    @Nullable String message,
    @Nullable String externalId,
    @Nullable String openId,
    Map<String, String> attributes,
    Priority priority) {
  public LeadSubmission {
    Objects.requireNonNull(intakeId, "intakeId");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(priority, "priority");
    attributes = Map.copyOf(attributes);
  }

  /** What a person reads as the lead's name: the name, else the company, else the masked phone. */
  public String displayName() {
    if (name != null) {
      return name;
    }
    if (company != null) {
      return company;
    }
    return phone == null ? "?" : PhoneNumbers.mask(phone);
  }
}
