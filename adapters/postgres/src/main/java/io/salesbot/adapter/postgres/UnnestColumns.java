package io.salesbot.adapter.postgres;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rows turned into columns, one {@code text[]} each, for a multi-row statement over {@code
 * unnest(CAST(:c0 AS text[]), …)}: one round trip for a batch however many rows it has.
 */
final class UnnestColumns {
  private UnnestColumns() {}

  /** Column {@code c} of the result holds value {@code c} of every row, in the rows' order. */
  static @Nullable String[][] of(int width, List<@Nullable String[]> rows) {
    @Nullable String[][] columns = new String[width][rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      @Nullable String[] row = rows.get(k);
      if (row.length != width) {
        throw new IllegalArgumentException("a row of " + row.length + " values, not " + width);
      }
      for (int c = 0; c < width; c++) {
        columns[c][k] = row[c];
      }
    }
    return columns;
  }
}
