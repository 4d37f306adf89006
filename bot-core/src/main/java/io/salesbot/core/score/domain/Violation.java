package io.salesbot.core.score.domain;

/**
 * One validation rule a record breaks: the rule's code (e.g. {@code payment-over-contract}) and a
 * detail that says what is wrong in numbers.
 */
public record Violation(String rule, String detail) {
  @Override
  public String toString() {
    return rule + ": " + detail;
  }
}
