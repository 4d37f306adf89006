package io.salesbot.core.ops;

/**
 * When a condition is raised and when it clears: raised at {@code raiseAt} or more, cleared only
 * below {@code clearBelow}, so a value hovering around one line does not flap.
 */
public record Hysteresis(long raiseAt, long clearBelow) {
  public Hysteresis {
    if (clearBelow > raiseAt) {
      throw new IllegalArgumentException(
          "the clear line (" + clearBelow + ") must not be above the raise line (" + raiseAt + ")");
    }
    if (clearBelow < 1) {
      throw new IllegalArgumentException("the clear line must be at least 1, got " + clearBelow);
    }
  }

  /** Whether the condition is up after seeing {@code value}, given whether it was up before. */
  boolean up(boolean wasUp, long value) {
    return wasUp ? value >= clearBelow : value >= raiseAt;
  }
}
