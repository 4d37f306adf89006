package io.salesbot.core.lead.domain;

import io.salesbot.core.kernel.domain.LeadSubmission;
import java.util.List;

/** The outcome of validating a {@link RawLead}. */
public sealed interface SubmissionCheck {
  record Valid(LeadSubmission submission) implements SubmissionCheck {}

  record Invalid(List<FieldError> errors) implements SubmissionCheck {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }
}
