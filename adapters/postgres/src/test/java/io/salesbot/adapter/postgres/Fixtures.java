package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.AuditEntry;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Test data. */
final class Fixtures {
  /** Microsecond precision, as PostgreSQL stores it. */
  static final Instant T0 = Instant.parse("2025-03-01T08:00:00.123456Z");

  static final Map<String, String> ATTRIBUTES =
      Map.of(
          "utm.source", "baidu",
          "quote", "say \"你好\" \\ back",
          "lines", "a\nb\tc",
          "emoji", "🚀 展会",
          "empty", "");

  private Fixtures() {}

  static LeadSubmission submission(
      String intakeId, @Nullable String phone, @Nullable String openId) {
    return new LeadSubmission(
        intakeId,
        "expo-2025",
        "张三",
        phone,
        "ACME 制造",
        "华东",
        "制造",
        "CRM",
        "想了解价格",
        "ext-" + intakeId,
        openId,
        ATTRIBUTES,
        phone == null ? Priority.NORMAL : Priority.HOT);
  }

  static LeadSubmission bare(String intakeId) {
    return new LeadSubmission(
        intakeId,
        "web",
        "李四",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of(),
        Priority.NORMAL);
  }

  static AuditEntry audit(String leadId, String actor, String action, String eventId, Instant at) {
    return new AuditEntry(leadId, actor, action, action + " by " + actor, eventId, at);
  }
}
