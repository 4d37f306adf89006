package io.salesbot.adapter.charts;

import io.salesbot.core.kernel.domain.Chart;
import io.salesbot.core.kernel.domain.Chart.Kind;
import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Vertical bars and lines, drawn by XChart's category chart. Every font XChart would use is set to
 * the bundled one, so no text falls back to a font of the machine.
 */
final class CategoryCharts {
  /** Above this many categories, their labels are turned to fit. */
  private static final int UPRIGHT_LABELS = 8;

  /** At most this many category labels are shown; the others are skipped evenly. */
  private static final int SHOWN_CATEGORY_LABELS = 12;

  /** Above this many points, a line's points have no markers. */
  private static final int MARKED_POINTS = 24;

  private CategoryCharts() {}

  static BufferedImage draw(Chart chart, ChartStyle style) {
    return BitmapEncoder.getBufferedImage(build(chart, style));
  }

  /** The XChart chart for a {@link Kind#BAR} or {@link Kind#LINE} chart with data. */
  static CategoryChart build(Chart chart, ChartStyle style) {
    String categoryAxis = chart.categoryAxisTitle();
    String valueAxis = ChartStyle.valueAxis(chart);
    CategoryChart xchart =
        new CategoryChartBuilder()
            .width(ChartStyle.WIDTH)
            .height(ChartStyle.HEIGHT)
            .title(chart.title())
            .xAxisTitle(categoryAxis == null ? "" : categoryAxis)
            .yAxisTitle(valueAxis == null ? "" : valueAxis)
            .build();
    boolean line = chart.kind() == Kind.LINE;
    style(xchart.getStyler(), chart, style, line);
    for (Chart.Series series : chart.series()) {
      xchart
          .addSeries(series.name(), chart.categories(), series.values())
          .setMarker(
              line && chart.categories().size() <= MARKED_POINTS
                  ? SeriesMarkers.CIRCLE
                  : SeriesMarkers.NONE);
    }
    return xchart;
  }

  private static void style(CategoryStyler s, Chart chart, ChartStyle style, boolean line) {
    s.setDefaultSeriesRenderStyle(
        line ? CategorySeriesRenderStyle.Line : CategorySeriesRenderStyle.Bar);
    s.setBaseFont(style.label);
    s.setChartTitleFont(style.title);
    s.setLegendFont(style.label);
    s.setAxisTitleFont(style.label);
    s.setAxisTickLabelsFont(style.small);
    s.setLabelsFont(style.small);
    s.setAnnotationTextFont(style.small);
    s.setAnnotationTextPanelFont(style.small);
    s.setToolTipFont(style.small);
    s.setChartButtonFont(style.small);

    s.setChartBackgroundColor(ChartStyle.BACKGROUND);
    s.setPlotBackgroundColor(ChartStyle.BACKGROUND);
    s.setChartFontColor(ChartStyle.TEXT);
    s.setAxisTickLabelsColor(ChartStyle.MUTED);
    s.setChartTitleBoxVisible(false);
    s.setChartPadding(ChartStyle.PADDING);
    s.setPlotBorderVisible(false);
    s.setPlotGridVerticalLinesVisible(false);
    s.setPlotGridLinesColor(ChartStyle.GRID);
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setAxisTicksMarksVisible(false);
    s.setAxisTickMarkLength(0);
    s.setSeriesColors(ChartStyle.SERIES);

    s.setLegendVisible(chart.series().size() > 1);
    s.setLegendPosition(LegendPosition.OutsideS);
    s.setLegendLayout(LegendLayout.Horizontal);
    s.setLegendBorderColor(ChartStyle.BACKGROUND);

    s.setXAxisTitleVisible(chart.categoryAxisTitle() != null);
    s.setYAxisTitleVisible(ChartStyle.valueAxis(chart) != null);
    s.setXAxisLabelRotation(chart.categories().size() > UPRIGHT_LABELS ? 45 : 0);
    s.setXAxisMaxLabelCount(SHOWN_CATEGORY_LABELS);
    s.setDecimalPattern(ChartStyle.DECIMAL_PATTERN);
    s.setYAxisDecimalPattern(ChartStyle.DECIMAL_PATTERN);
    if (chart.series().stream().flatMap(r -> r.values().stream()).allMatch(v -> v >= 0)) {
      s.setYAxisMin(0.0);
    }

    // Values are printed in the bars (XChart prints none beside a line's points).
    s.setLabelsVisible(!line);
    s.setLabelsFontColor(ChartStyle.TEXT);
    s.setLabelsFontColorAutomaticEnabled(!line);
    s.setLabelsFontColorAutomaticLight(ChartStyle.BACKGROUND);
    s.setLabelsFontColorAutomaticDark(ChartStyle.TEXT);
    s.setLabelsPosition(line ? 1.0 : 0.5);
    s.setAvailableSpaceFill(chart.series().size() > 1 ? 0.8 : 0.55);
    s.setOverlapped(line);
    s.setMarkerSize(8);
  }
}
