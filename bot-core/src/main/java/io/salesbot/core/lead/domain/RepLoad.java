package io.salesbot.core.lead.domain;

/** A rep's load: leads they own and have not closed, and claims since the start of the day. */
public record RepLoad(int openLeads, int claimsToday) {
  public static final RepLoad NONE = new RepLoad(0, 0);
}
