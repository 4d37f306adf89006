package io.salesbot.core.routing.domain;

import io.salesbot.core.team.domain.Team;

/** Where a lead goes, and why, in words a manager can read. */
public record RoutingDecision(Team team, String reason) {}
