package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;

/** Who released a quarantined record, why and when (the audit of a release). */
public record Release(Address by, String reason, Instant at) {}
