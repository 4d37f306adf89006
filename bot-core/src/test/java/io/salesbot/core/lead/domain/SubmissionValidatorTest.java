package io.salesbot.core.lead.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmissionValidatorTest {

  private static RawLead raw(String name, String phone) {
    return new RawLead(
        name, phone, " 上海某某制造 ", "华东", "制造", "CRM", "想了解报价", "ext-1", null, Map.of("utm", "ad"));
  }

  @Test
  void valid_lead_is_trimmed_normalised_and_hot_when_source_is_high_intent() {
    SubmissionCheck check =
        SubmissionValidator.check(raw("张三", "+86 138-0013-8000"), "i1", "web", true);
    assertThat(check).isInstanceOf(SubmissionCheck.Valid.class);
    LeadSubmission s = ((SubmissionCheck.Valid) check).submission();
    assertThat(s.phone()).isEqualTo("13800138000");
    assertThat(s.company()).isEqualTo("上海某某制造");
    assertThat(s.priority()).isEqualTo(Priority.HOT);
    assertThat(s.attributes()).containsEntry("utm", "ad");
  }

  @Test
  void lead_without_phone_is_normal_even_from_high_intent_source() {
    SubmissionCheck check = SubmissionValidator.check(raw("张三", null), "i1", "web", true);
    assertThat(((SubmissionCheck.Valid) check).submission().priority()).isEqualTo(Priority.NORMAL);
  }

  @Test
  void needs_a_name_or_a_phone() {
    SubmissionCheck check = SubmissionValidator.check(raw("  ", null), "i1", "web", false);
    assertThat(check).isInstanceOf(SubmissionCheck.Invalid.class);
    assertThat(((SubmissionCheck.Invalid) check).errors())
        .extracting(FieldError::field)
        .containsExactly("name");
  }

  @Test
  void rejects_invalid_phone_and_over_long_fields_with_every_error() {
    RawLead bad =
        new RawLead(
            "x".repeat(65), "12345", null, null, null, null, "m".repeat(2001), null, null, null);
    SubmissionCheck check = SubmissionValidator.check(bad, "i1", "web", false);
    assertThat(((SubmissionCheck.Invalid) check).errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("name", "message", "phone");
  }

  @Test
  void length_counts_characters_not_bytes() {
    SubmissionCheck check =
        SubmissionValidator.check(raw("张".repeat(64), null), "i1", "web", false);
    assertThat(check).isInstanceOf(SubmissionCheck.Valid.class);
  }

  @Test
  void control_characters_are_rejected_everywhere_and_reported_once() {
    RawLead bad =
        new RawLead(
            "张\u0000三", null, null, null, null, null, null, null, null, Map.of("k", "v\u0000"));
    SubmissionCheck check = SubmissionValidator.check(bad, "i1", "web", false);
    assertThat(((SubmissionCheck.Invalid) check).errors())
        .extracting(FieldError::field)
        .containsExactly("name", "attributes.k");
  }
}
