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
}
