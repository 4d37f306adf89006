package io.salesbot.core.lead;

import io.salesbot.core.kernel.domain.LeadSubmission;
import reactor.core.publisher.Mono;

/**
 * Where every source hands in a lead (the signed API, the official account's forms and QR scans):
 * acknowledged only once it is durably queued. Implemented by {@link SubmitLead}; an interface so
 * that an adapter can be given it before the core is assembled.
 */
public interface LeadIntake {
  /** The intake id of the queued lead; an error when nothing could store it. */
  Mono<SubmitLead.Accepted> submit(LeadSubmission submission);
}
