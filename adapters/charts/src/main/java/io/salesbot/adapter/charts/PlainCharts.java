package io.salesbot.adapter.charts;

import io.salesbot.core.kernel.domain.Chart;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * What XChart 3.8 does not draw, in plain Java2D and the same style: horizontal bars (its category
 * chart is vertical only) and the "no data" image.
 */
final class PlainCharts {
  static final String NO_DATA = "暂无数据";

  private static final int GAP = 12;

  private PlainCharts() {}

  /** The title and, in the middle, {@value #NO_DATA}: an empty period is an answer too. */
  static BufferedImage noData(Chart chart, ChartStyle style) {
    BufferedImage image = canvas();
    Graphics2D g = image.createGraphics();
    try {
      ChartStyle.smooth(g);
      int top = title(g, chart.title(), style);
      int frameTop = top + GAP;
      int frameHeight = ChartStyle.HEIGHT - frameTop - ChartStyle.PADDING;
      int frameWidth = ChartStyle.WIDTH - 2 * ChartStyle.PADDING;
      g.setColor(ChartStyle.GRID);
      g.setStroke(
          new BasicStroke(
              2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 8f}, 0f));
      g.drawRoundRect(ChartStyle.PADDING, frameTop, frameWidth, frameHeight, 16, 16);
      g.setFont(style.empty);
      g.setColor(ChartStyle.MUTED);
      FontMetrics metrics = g.getFontMetrics();
      int x = (ChartStyle.WIDTH - metrics.stringWidth(NO_DATA)) / 2;
      int y = frameTop + (frameHeight - metrics.getHeight()) / 2 + metrics.getAscent();
      g.drawString(NO_DATA, x, y);
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * One row per category, top to bottom in the categories' order, one bar per series in each row,
   * the value (with unit) at the end of each bar; the legend below when there are several series.
   */
  static BufferedImage horizontalBars(Chart chart, ChartStyle style) {
    BufferedImage image = canvas();
    Graphics2D g = image.createGraphics();
    try {
      ChartStyle.smooth(g);
      int top = title(g, chart.title(), style) + GAP;
      int bottom = ChartStyle.HEIGHT - ChartStyle.PADDING;
      if (chart.series().size() > 1) {
        bottom = legend(g, chart, style, bottom) - GAP;
      }
      String valueAxis = ChartStyle.valueAxis(chart);
      if (valueAxis != null) {
        bottom = centred(g, valueAxis, style.label, ChartStyle.MUTED, bottom) - GAP;
      }
      String categoryAxis = chart.categoryAxisTitle();
      if (categoryAxis != null) {
        g.setFont(style.label);
        g.setColor(ChartStyle.MUTED);
        top += g.getFontMetrics().getAscent();
        g.drawString(categoryAxis, ChartStyle.PADDING, top);
        top += GAP;
      }
      bars(g, chart, style, top, bottom);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void bars(Graphics2D g, Chart chart, ChartStyle style, int top, int bottom) {
    List<String> categories = chart.categories();
    g.setFont(style.label);
    FontMetrics labels = g.getFontMetrics();
    int labelWidth = 0;
    for (String category : categories) {
      labelWidth = Math.max(labelWidth, labels.stringWidth(category));
    }
    labelWidth = Math.min(labelWidth, ChartStyle.WIDTH * 2 / 5);

    double min = 0;
    double max = 0;
    int valueWidth = 0;
    int negativeWidth = 0;
    g.setFont(style.small);
    FontMetrics values = g.getFontMetrics();
    for (Chart.Series series : chart.series()) {
      for (double v : series.values()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        int width = values.stringWidth(ChartStyle.value(v, chart));
        if (v < 0) {
          negativeWidth = Math.max(negativeWidth, width + GAP / 2);
        } else {
          valueWidth = Math.max(valueWidth, width);
        }
      }
    }
    double span = max - min == 0 ? 1 : max - min;
    int plotLeft = ChartStyle.PADDING + labelWidth + GAP + negativeWidth;
    int plotRight = ChartStyle.WIDTH - ChartStyle.PADDING - valueWidth - GAP / 2;
    int plotWidth = Math.max(1, plotRight - plotLeft);
    int zero = plotLeft + (int) Math.round(-min / span * plotWidth);

    double rowHeight = (bottom - top) / (double) categories.size();
    int seriesCount = chart.series().size();
    double barHeight = Math.min(36, rowHeight * 0.7 / seriesCount);
    for (int row = 0; row < categories.size(); row++) {
      double rowTop = top + row * rowHeight;
      double groupTop = rowTop + (rowHeight - barHeight * seriesCount) / 2;
      g.setFont(style.label);
      g.setColor(ChartStyle.TEXT);
      String label = fit(categories.get(row), labels, labelWidth);
      int labelY = (int) Math.round(rowTop + rowHeight / 2 + labels.getAscent() / 2.0 - 2);
      g.drawString(label, ChartStyle.PADDING + labelWidth - labels.stringWidth(label), labelY);
      for (int s = 0; s < seriesCount; s++) {
        double v = chart.series().get(s).values().get(row);
        int end = plotLeft + (int) Math.round((v - min) / span * plotWidth);
        int x = Math.min(zero, end);
        int y = (int) Math.round(groupTop + s * barHeight);
        int h = Math.max(1, (int) Math.round(barHeight) - 2);
        g.setColor(ChartStyle.series(s));
        g.fillRect(x, y, Math.max(1, Math.abs(end - zero)), h);
        g.setFont(style.small);
        g.setColor(ChartStyle.TEXT);
        String text = ChartStyle.value(v, chart);
        int textX = v < 0 ? x - GAP / 2 - values.stringWidth(text) : Math.max(zero, end) + GAP / 2;
        g.drawString(text, Math.max(0, textX), y + h / 2 + values.getAscent() / 2 - 2);
      }
    }
    g.setColor(ChartStyle.MUTED);
    g.drawLine(zero, top, zero, bottom);
  }

  /** Draws the legend on one line ending at {@code bottom}; returns its top. */
  private static int legend(Graphics2D g, Chart chart, ChartStyle style, int bottom) {
    g.setFont(style.label);
    FontMetrics metrics = g.getFontMetrics();
    int swatch = metrics.getAscent();
    int width = 0;
    for (Chart.Series series : chart.series()) {
      width += swatch + GAP / 2 + metrics.stringWidth(series.name()) + 2 * GAP;
    }
    int x = Math.max(ChartStyle.PADDING, (ChartStyle.WIDTH - width + 2 * GAP) / 2);
    int baseline = bottom - metrics.getDescent();
    for (int i = 0; i < chart.series().size(); i++) {
      String name = chart.series().get(i).name();
      g.setColor(ChartStyle.series(i));
      g.fillRect(x, baseline - swatch + 2, swatch, swatch - 2);
      x += swatch + GAP / 2;
      g.setColor(ChartStyle.TEXT);
      g.drawString(name, x, baseline);
      x += metrics.stringWidth(name) + 2 * GAP;
    }
    return bottom - metrics.getHeight();
  }

  /** Draws the title centred at the top; returns the y below it. */
  private static int title(Graphics2D g, String title, ChartStyle style) {
    g.setFont(style.title);
    g.setColor(ChartStyle.TEXT);
    FontMetrics metrics = g.getFontMetrics();
    int baseline = ChartStyle.PADDING + metrics.getAscent();
    g.drawString(title, (ChartStyle.WIDTH - metrics.stringWidth(title)) / 2, baseline);
    return baseline + metrics.getDescent();
  }

  /** Draws {@code text} centred on a line ending at {@code bottom}; returns the line's top. */
  private static int centred(Graphics2D g, String text, Font font, Color colour, int bottom) {
    g.setFont(font);
    g.setColor(colour);
    FontMetrics metrics = g.getFontMetrics();
    Rectangle2D bounds = metrics.getStringBounds(text, g);
    g.drawString(
        text, (int) ((ChartStyle.WIDTH - bounds.getWidth()) / 2), bottom - metrics.getDescent());
    return bottom - metrics.getHeight();
  }

  /** {@code text}, cut and ended with "…" if it is wider than {@code width}. */
  private static String fit(String text, FontMetrics metrics, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String cut = text;
    while (cut.length() > 1 && metrics.stringWidth(cut + "…") > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }

  private static BufferedImage canvas() {
    BufferedImage image =
        new BufferedImage(ChartStyle.WIDTH, ChartStyle.HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(ChartStyle.BACKGROUND);
    g.fillRect(0, 0, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    g.dispose();
    return image;
  }
}
