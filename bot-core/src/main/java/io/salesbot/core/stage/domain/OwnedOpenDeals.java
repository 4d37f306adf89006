package io.salesbot.core.stage.domain;

import java.util.List;

/**
 * Some of a person's open deals and how many they have open in all ({@code total} ≥ {@code
 * deals.size()}), so that a list cut short says so.
 */
public record OwnedOpenDeals(List<Deal> deals, long total) {
  public OwnedOpenDeals {
    deals = List.copyOf(deals);
    if (total < deals.size()) {
      throw new IllegalArgumentException("total " + total + " < " + deals.size() + " deals");
    }
  }

  /** Whether open deals were left out. */
  public boolean cut() {
    return total > deals.size();
  }
}
