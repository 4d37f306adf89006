package io.salesbot.core.lead.domain;

import java.util.Locale;

/** How a rep first reached the customer. */
public enum ContactChannel {
  PHONE,
  WECHAT,
  VISIT;

  /**
   * @throws IllegalArgumentException for anything else
   */
  public static ContactChannel parse(String text) {
    return valueOf(text.strip().toUpperCase(Locale.ROOT));
  }

  /** The message key of its label, e.g. {@code channel.phone}. */
  public String labelKey() {
    return "channel." + name().toLowerCase(Locale.ROOT);
  }
}
