package io.salesbot.core.team.domain;

import io.salesbot.core.kernel.domain.Address;
import java.util.Objects;

/** A department in a platform's directory, written {@code <platform>:<departmentId>}. */
public record DirectoryRef(String platform, String departmentId) {
  public DirectoryRef {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(departmentId, "departmentId");
    if (departmentId.isBlank()) {
      throw new IllegalArgumentException("the department id must not be empty");
    }
    new Address(platform, "check"); // validates the platform name
  }

  /**
   * Parses {@code wecom:2} or {@code dingtalk:123456}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static DirectoryRef parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "'" + text + "' is not of the form <platform>:<departmentId>, e.g. wecom:2");
    }
    return new DirectoryRef(text.substring(0, colon).strip(), text.substring(colon + 1).strip());
  }

  @Override
  public String toString() {
    return platform + ":" + departmentId;
  }
}
