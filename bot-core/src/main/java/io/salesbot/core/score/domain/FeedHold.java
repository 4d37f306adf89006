package io.salesbot.core.score.domain;

import java.time.YearMonth;

/**
 * A period whose publication waits because a source it is fed by was unwell: put when the condition
 * is raised, lifted only by a manager's release (a recovered condition does not lift it: the period
 * may already hold missing or wrong data).
 */
public record FeedHold(YearMonth period, FeedCondition condition) {}
