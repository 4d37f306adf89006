package io.salesbot.core.routing.domain;

import io.salesbot.core.team.domain.Member;

/** A rep as routing sees them at one moment: on duty or not, and their load. */
public record RepState(Member member, boolean onDuty, int openLeads, int claimsToday) {}
