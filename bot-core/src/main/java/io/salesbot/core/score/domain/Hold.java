package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.YearMonth;

/**
 * A rep whose scorecard for a period must not be published while a record stays quarantined: put
 * when the record is quarantined, lifted by a correction that passes or by a manager's release.
 */
public record Hold(Address rep, YearMonth period, RecordKey record, String reason) {}
