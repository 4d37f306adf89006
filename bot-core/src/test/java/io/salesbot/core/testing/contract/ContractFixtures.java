package io.salesbot.core.testing.contract;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadIds;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Data shared by the contract tests. Times have microsecond precision, as PostgreSQL stores them;
 * contracts of ports that Redis implements use milliseconds.
 */
public final class ContractFixtures {
  public static final Instant T0 = Instant.parse("2025-03-01T08:00:00.123456Z");

  /** {@link #T0} to the millisecond, as Redis keeps times. */
  public static final Instant T0_MILLIS = Instant.parse("2025-03-01T08:00:00.123Z");

  public static final Address LISI = Address.parse("sandbox:lisi");
  public static final Address WANGWU = Address.parse("sandbox:wangwu");
  public static final Address ZHAOLIU = Address.parse("sandbox:zhaoliu");
  public static final Duration WINDOW = Duration.ofHours(24);

  private ContractFixtures() {}

  public static LeadSubmission submission(
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
        Map.of("utm.source", "baidu"),
        Priority.NORMAL);
  }

  public static AuditEntry audit(String leadId, String actor, String action, String eventId) {
    return new AuditEntry(leadId, actor, action, action + " by " + actor, eventId, T0);
  }

  /** A new lead from intake {@code intakeId}, created at {@code at}. */
  public static Lead ingested(Leads leads, String intakeId, Instant at) {
    return Objects.requireNonNull(
            leads
                .ingest(submission(intakeId, null, null), LeadIds.leadId(intakeId), at, WINDOW)
                .block())
        .lead();
  }

  /** A new lead from intake {@code intakeId} in team {@code teamId}'s pool. */
  public static Lead pooled(Leads leads, String intakeId, String teamId) {
    Lead lead = ingested(leads, intakeId, T0);
    return Objects.requireNonNull(
        leads
            .route(lead.id(), teamId, audit(lead.id(), "system", "routed", "r-" + intakeId))
            .block());
  }
}
