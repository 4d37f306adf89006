package io.salesbot.core.routing.domain;

import org.jspecify.annotations.Nullable;

/**
 * The team a lead goes to; {@code ruleId} is null when no rule matched and the default team takes
 * it. {@code reason} reads like "rule R3 matched region=华东, industry=制造".
 */
public record RuleMatch(String teamId, @Nullable String ruleId, String reason) {}
