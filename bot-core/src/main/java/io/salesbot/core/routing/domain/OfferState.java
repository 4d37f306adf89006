package io.salesbot.core.routing.domain;

/** Where a pushed offer stands. */
public enum OfferState {
  OPEN,
  ACCEPTED,
  DECLINED,
  EXPIRED
}
