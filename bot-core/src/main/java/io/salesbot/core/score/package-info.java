/**
 * Scorecard records from other systems: ingesting them idempotently by source and external id
 * (versions, corrections, tombstones), validating them, quarantining what fails and holding the
 * reps it affects until a correction or a manager releases it. Port: {@link
 * io.salesbot.core.score.Records}.
 */
@NullMarked
package io.salesbot.core.score;

import org.jspecify.annotations.NullMarked;
