package io.salesbot.core.lead.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeadIdsTest {
  @Test
  void same_key_or_external_id_gives_the_same_intake_id() {
    assertThat(LeadIds.intakeId("web", "k1", null)).isEqualTo(LeadIds.intakeId("web", "k1", "x"));
    assertThat(LeadIds.intakeId("web", null, "e1")).isEqualTo(LeadIds.intakeId("web", " ", "e1"));
    assertThat(LeadIds.intakeId("web", null, "e1"))
        .isNotEqualTo(LeadIds.intakeId("ads", null, "e1"));
    assertThat(LeadIds.intakeId("web", null, null))
        .isNotEqualTo(LeadIds.intakeId("web", null, null));
    assertThat(LeadIds.leadId("a"))
        .isEqualTo(LeadIds.leadId("a"))
        .isNotEqualTo(LeadIds.leadId("b"));
  }

  @Test
  void ids_are_the_version_3_uuids_they_always_were() {
    // Stored ids must not change: leads, fallback rows and dedupe keys are keyed by them.
    for (String name :
        new String[] {
          "", "intake|web|key|k1", "lead|3f2a", "intake|web|ext|华东-001", "x".repeat(500)
        }) {
      assertThat(LeadIds.nameUuid(name))
          .as(name)
          .isEqualTo(
              java.util
                  .UUID
                  .nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  .toString());
    }
    assertThat(LeadIds.leadId("a"))
        .isEqualTo(
            java.util
                .UUID
                .nameUUIDFromBytes("lead|a".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
  }
}
