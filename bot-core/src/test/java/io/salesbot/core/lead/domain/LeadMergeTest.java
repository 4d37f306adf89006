package io.salesbot.core.lead.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadMergeTest {
  private static final Instant T0 = Instant.parse("2026-11-26T02:00:00Z");

  @Test
  void a_form_after_a_qr_scan_fills_name_and_phone_and_makes_the_lead_hot() {
    Lead scan =
        Lead.create(
            "l1",
            new LeadSubmission(
                "i1",
                "mp-expo",
                null,
                null,
                null,
                "华东",
                null,
                "CRM",
                null,
                null,
                "o-1",
                Map.of(),
                Priority.NORMAL),
            T0);
    Lead merged =
        scan.mergedWith(
            new LeadSubmission(
                "i2",
                "mp-form",
                "王先生",
                "13800138000",
                "某某制造",
                "华南",
                null,
                null,
                "请联系我",
                null,
                "o-1",
                Map.of(),
                Priority.HOT));
    assertThat(merged.submission().name()).isEqualTo("王先生");
    assertThat(merged.submission().phone()).isEqualTo("13800138000");
    assertThat(merged.submission().region()).isEqualTo("华东");
    assertThat(merged.submission().sourceId()).isEqualTo("mp-expo");
    assertThat(merged.submission().priority()).isEqualTo(Priority.HOT);
    assertThat(merged.version()).isEqualTo(scan.version() + 1);
  }

  @Test
  void an_intake_that_adds_nothing_changes_nothing() {
    LeadSubmission s =
        new LeadSubmission(
            "i1",
            "web",
            "张三",
            "13800138000",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of(),
            Priority.HOT);
    Lead lead = Lead.create("l1", s, T0);
    assertThat(lead.mergedWith(s)).isSameAs(lead);
  }
}
