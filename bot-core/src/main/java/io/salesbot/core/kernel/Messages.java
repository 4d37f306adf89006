package io.salesbot.core.kernel;

import io.salesbot.core.kernel.domain.LeadSubmission;

/**
 * Wording for cards and replies, looked up by key from the message bundles in {@code templates/}
 * (zh-CN by default). Arguments fill {@code {0}}, {@code {1}}, ... placeholders.
 */
@FunctionalInterface
public interface Messages {
  String get(String key, Object... args);

  /**
   * A lead's name as people see it: the name, else the company, else the masked phone; a lead known
   * only by its WeChat openid (a QR-code scan) is a "WeChat follower", any other an "unnamed lead",
   * in the bundle's language.
   */
  default String leadName(LeadSubmission s) {
    if (s.name() != null || s.company() != null || s.phone() != null) {
      return s.displayName();
    }
    return get(s.openId() != null ? "lead.wechatFollower" : "lead.unnamed");
  }
}
