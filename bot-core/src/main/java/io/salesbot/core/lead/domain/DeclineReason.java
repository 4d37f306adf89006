package io.salesbot.core.lead.domain;

import java.util.Locale;
import java.util.Optional;

/** Why a rep declined a pushed offer: one button per reason on the offer card. */
public enum DeclineReason {
  BUSY,
  NOT_MY_FIELD,
  OTHER;

  /** The message key of the button's label. */
  public String labelKey() {
    return "button.decline." + name().toLowerCase(Locale.ROOT);
  }

  /** The reason in the audit log. */
  public String describe() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  public static Optional<DeclineReason> parse(String s) {
    for (DeclineReason r : values()) {
      if (r.name().equalsIgnoreCase(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
