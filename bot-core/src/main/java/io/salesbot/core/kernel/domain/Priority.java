package io.salesbot.core.kernel.domain;

/** Intake lane: hot leads (phone given, high-intent source) are processed before normal ones. */
public enum Priority {
  HOT,
  NORMAL;

  public String lane() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
