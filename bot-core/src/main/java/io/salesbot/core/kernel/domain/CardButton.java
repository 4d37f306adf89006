package io.salesbot.core.kernel.domain;

/**
 * A button: pressing it sends back {@code action} and {@code payload} (for example {@code claim}
 * and a lead id) as a neutral card action.
 */
public record CardButton(String action, String label, String payload, Style style) {
  /** How prominent the button is. */
  public enum Style {
    PRIMARY,
    DEFAULT,
    DANGER
  }
}
