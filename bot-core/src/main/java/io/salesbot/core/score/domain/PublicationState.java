package io.salesbot.core.score.domain;

import java.time.YearMonth;

/**
 * Where a month's publication stands: the version in force (0 before the first), the newest version
 * stored, and whether it is held (cards still withheld are not sent until the next publish).
 */
public record PublicationState(YearMonth period, int inForce, int latest, boolean held) {
  public static PublicationState none(YearMonth period) {
    return new PublicationState(period, 0, 0, false);
  }
}
