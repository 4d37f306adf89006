package io.salesbot.adapter.charts;

import io.salesbot.core.kernel.domain.Chart;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The look every chart shares: size, the bundled font at a few sizes, a quiet palette on white.
 * Sized for a chat image: read on a phone, so large type and few lines.
 */
final class ChartStyle {
  static final int WIDTH = 800;
  static final int HEIGHT = 480;
  static final int PADDING = 24;

  static final Color BACKGROUND = Color.WHITE;
  static final Color TEXT = new Color(0x1F2937);
  static final Color MUTED = new Color(0x6B7280);
  static final Color GRID = new Color(0xE5E7EB);
  static final Color[] SERIES =
      new Color[] {
        new Color(0x2563EB),
        new Color(0xF59E0B),
        new Color(0x10B981),
        new Color(0xEF4444),
        new Color(0x8B5CF6),
        new Color(0x06B6D4),
        new Color(0xEC4899),
        new Color(0x84CC16)
      };

  static final String DECIMAL_PATTERN = "#,##0.##";

  final Font title;
  final Font label;
  final Font small;
  final Font empty;

  private ChartStyle(Font base) {
    this.title = base.deriveFont(Font.BOLD, 22f);
    this.label = base.deriveFont(Font.PLAIN, 15f);
    this.small = base.deriveFont(Font.PLAIN, 13f);
    this.empty = base.deriveFont(Font.PLAIN, 28f);
  }

  /** The style drawn with the bundled font. */
  static ChartStyle bundled() {
    return new ChartStyle(ChartFont.base());
  }

  /** A series' colour, by its position. */
  static Color series(int index) {
    return SERIES[index % SERIES.length];
  }

  /** {@code 1,234.5} followed by the chart's unit, if it has one. */
  static String value(double value, Chart chart) {
    String number =
        new DecimalFormat(DECIMAL_PATTERN, DecimalFormatSymbols.getInstance(Locale.ROOT))
            .format(value);
    return chart.unit() == null ? number : number + chart.unit();
  }

  /** The value axis's title with the unit in brackets: {@code 平均停留（天）}; null for none. */
  static @Nullable String valueAxis(Chart chart) {
    String title = chart.valueAxisTitle();
    String unit = chart.unit();
    if (unit == null) {
      return title;
    }
    return (title == null ? "" : title) + "（" + unit + "）";
  }

  /** Anti-aliased shapes and text, as every chart here is drawn. */
  static void smooth(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
  }
}
