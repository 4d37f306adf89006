package io.salesbot.core.stage.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;

/** An open deal without progress for longer than its stage's stalledAfter. */
public record StalledDeal(String dealId, Address owner, int stage, Instant lastProgressAt) {}
