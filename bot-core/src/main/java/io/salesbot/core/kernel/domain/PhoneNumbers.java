package io.salesbot.core.kernel.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** Mainland China mobile numbers: normalising what people type, and masking for logs. */
public final class PhoneNumbers {
  private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()（）]");
  private static final Pattern ANY_MOBILE =
      Pattern.compile("(?<!\\d)(1[3-9]\\d)(\\d{4})(\\d{4})(?!\\d)");

  private PhoneNumbers() {}

  /**
   * Normalises {@code +86 138-0013-8000}, {@code 0086 13800138000} and the like to {@code
   * 13800138000}; empty when the result is not a mainland mobile number.
   */
  public static Optional<String> normalise(String raw) {
    String s = SEPARATORS.matcher(raw).replaceAll("");
    if (s.startsWith("+86")) {
      s = s.substring(3);
    } else if (s.startsWith("0086")) {
      s = s.substring(4);
    } else if (s.length() == 13 && s.startsWith("86")) {
      s = s.substring(2);
    }
    return MOBILE.matcher(s).matches() ? Optional.of(s) : Optional.empty();
  }

  /** {@code 13812345678} → {@code 138****5678}. */
  public static String mask(String phone) {
    if (phone.length() < 7) {
      return "****";
    }
    return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
  }

  /** Masks every mobile number inside a free text, for logs. */
  public static String maskAll(String text) {
    return ANY_MOBILE.matcher(text).replaceAll("$1****$3");
  }
}
