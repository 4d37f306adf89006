package io.salesbot.core.lead.domain;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.PhoneNumbers;
import io.salesbot.core.kernel.domain.Priority;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Validates and normalises a raw lead: trims text, normalises the phone, enforces lengths, and
 * decides the priority lane.
 */
public final class SubmissionValidator {
  /** Longest accepted value per text field. */
  public static final int NAME_MAX = 64;

  public static final int COMPANY_MAX = 128;
  public static final int SHORT_MAX = 64;
  public static final int MESSAGE_MAX = 2000;
  public static final int EXTERNAL_ID_MAX = 128;
  public static final int ATTRIBUTES_MAX = 32;
  public static final int ATTRIBUTE_KEY_MAX = 64;
  public static final int ATTRIBUTE_VALUE_MAX = 512;

  private SubmissionValidator() {}

  /**
   * @param highIntentSource whether the source is marked high-intent: with a phone, the lead is hot
   */
  public static SubmissionCheck check(
      RawLead raw, String intakeId, String sourceId, boolean highIntentSource) {
    return check(raw, intakeId, sourceId, new IntentRule(highIntentSource, java.util.Set.of()));
  }

  /**
   * @param intent how the source weighs intent: which leads are hot on arrival
   */
  public static SubmissionCheck check(
      RawLead raw, String intakeId, String sourceId, IntentRule intent) {
    List<FieldError> errors = new ArrayList<>();
    String name = text(raw.name(), "name", NAME_MAX, errors);
    String company = text(raw.company(), "company", COMPANY_MAX, errors);
    String region = text(raw.region(), "region", SHORT_MAX, errors);
    String industry = text(raw.industry(), "industry", SHORT_MAX, errors);
    String product = text(raw.product(), "product", SHORT_MAX, errors);
    String message = text(raw.message(), "message", MESSAGE_MAX, errors);
    String externalId = text(raw.externalId(), "externalId", EXTERNAL_ID_MAX, errors);
    String openId = text(raw.openId(), "openId", EXTERNAL_ID_MAX, errors);
    String phone = null;
    String rawPhone = text(raw.phone(), "phone", 32, errors);
    if (rawPhone != null) {
      phone = PhoneNumbers.normalise(rawPhone).orElse(null);
      if (phone == null) {
        errors.add(
            new FieldError(
                "phone", "不是有效的中国大陆手机号 (not a valid mainland mobile number, e.g. 13800138000)"));
      }
    }
    if (blank(raw.name()) && rawPhone == null) {
      errors.add(new FieldError("name", "姓名和手机号至少填写一项 (give a name or a phone)"));
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    if (raw.attributes() != null) {
      if (raw.attributes().size() > ATTRIBUTES_MAX) {
        errors.add(
            new FieldError(
                "attributes",
                "最多 " + ATTRIBUTES_MAX + " 项 (at most " + ATTRIBUTES_MAX + " entries)"));
      }
      raw.attributes()
          .forEach(
              (k, v) -> {
                if (k == null || k.isBlank() || k.length() > ATTRIBUTE_KEY_MAX) {
                  errors.add(
                      new FieldError(
                          "attributes", "键长度须为 1-" + ATTRIBUTE_KEY_MAX + " (key length)"));
                } else if (hasControl(k) || (v != null && hasControl(v))) {
                  errors.add(
                      new FieldError("attributes." + k, "含有控制字符 (contains control characters)"));
                } else if (v != null && v.length() > ATTRIBUTE_VALUE_MAX) {
                  errors.add(
                      new FieldError(
                          "attributes." + k, "不能超过 " + ATTRIBUTE_VALUE_MAX + " 个字符 (too long)"));
                } else if (v != null) {
                  attributes.put(k.trim(), v.trim());
                }
              });
    }
    if (!errors.isEmpty()) {
      return new SubmissionCheck.Invalid(errors);
    }
    LeadSubmission normal =
        new LeadSubmission(
            intakeId,
            sourceId,
            name,
            phone,
            company,
            region,
            industry,
            product,
            message,
            externalId,
            openId,
            attributes,
            Priority.NORMAL);
    Priority priority = intent.priorityOf(normal);
    return new SubmissionCheck.Valid(
        priority == Priority.NORMAL
            ? normal
            : new LeadSubmission(
                intakeId,
                sourceId,
                name,
                phone,
                company,
                region,
                industry,
                product,
                message,
                externalId,
                openId,
                attributes,
                priority));
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f);
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  private static @Nullable String text(
      @Nullable String value, String field, int max, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.codePointCount(0, trimmed.length()) > max) {
      errors.add(new FieldError(field, "不能超过 " + max + " 个字符 (at most " + max + " characters)"));
      return null;
    }
    if (hasControl(trimmed)) {
      errors.add(new FieldError(field, "含有控制字符 (contains control characters)"));
      return null;
    }
    return trimmed;
  }
}
