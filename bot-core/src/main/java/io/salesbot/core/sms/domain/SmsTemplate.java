package io.salesbot.core.sms.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The welcome SMS of one lead source: the provider's template and where each of its variables takes
 * its value from ({@link #FIELDS}: a field of the lead).
 *
 * @param code the provider's template code, not blank
 * @param params template variable → lead field, in order
 */
public record SmsTemplate(String code, Map<String, String> params) {
  /** The lead fields a template variable may take: never the phone number. */
  public static final Set<String> FIELDS =
      Set.of("name", "company", "product", "region", "industry", "source");

  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

  public SmsTemplate {
    Objects.requireNonNull(code, "code");
    if (code.isBlank()) {
      throw new IllegalArgumentException("the template code is empty");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    params.forEach(
        (variable, field) -> {
          if (!VARIABLE.matcher(variable).matches()) {
            throw new IllegalArgumentException(
                "'" + variable + "' is not a template variable name (letters, digits, _)");
          }
          if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException(
                "variable '" + variable + "' takes '" + field + "', not one of " + FIELDS);
          }
          copy.put(variable, field);
        });
    params = java.util.Collections.unmodifiableMap(copy);
  }
}
