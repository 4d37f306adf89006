package io.salesbot.adapter.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Chart;
import io.salesbot.core.kernel.domain.Chart.Kind;
import io.salesbot.core.kernel.domain.Chart.Series;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.CategoryStyler;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class XChartRendererTest {
  private static final List<String> STAGES = List.of("初步接触", "需求诊断", "方案呈现", "异议处理", "签约执行");
  private static final int WHITE = 0xFFFFFF;

  private static final Scheduler CHARTS = Schedulers.newSingle("charts-test");
  private final XChartRenderer renderer = new XChartRenderer(CHARTS);

  @AfterAll
  static void stopScheduler() {
    CHARTS.dispose();
  }

  @Test
  void renders_a_funnel_as_bars_with_chinese_labels() {
    Chart funnel =
        Chart.of("销售漏斗（本月）", Kind.BAR, STAGES, List.of(Series.of("商机数", 128, 86, 47, 21, 9)))
            .withAxisTitles("阶段", "商机")
            .withUnit("个");

    BufferedImage image = render(funnel, "funnel-bar");

    assertDrawnWithBundledFont(funnel);
    assertThat(inkShare(image)).isGreaterThan(0.02);
  }

  @Test
  void renders_a_kpi_trend_as_lines_with_two_series() {
    List<String> weeks = IntStream.rangeClosed(1, 8).mapToObj(w -> "第" + w + "周").toList();
    Chart trend =
        Chart.of(
                "跨阶段推进准确率（按周）",
                Kind.LINE,
                weeks,
                List.of(
                    Series.of("华东区", 52, 55, 58, 61, 60, 66, 70, 72),
                    Series.of("华北区", 71, 70, 74, 73, 76, 78, 77, 80)))
            .withAxisTitles("周次", "准确率")
            .withUnit("%");

    BufferedImage image = render(trend, "kpi-line");

    assertDrawnWithBundledFont(trend);
    assertThat(inkShare(image)).isGreaterThan(0.01);
    assertThat(colouredPixels(image, ChartStyle.series(0).getRGB())).isGreaterThan(200);
    assertThat(colouredPixels(image, ChartStyle.series(1).getRGB())).isGreaterThan(200);
  }

  @Test
  void renders_dwell_per_stage_as_horizontal_bars() {
    Chart dwell =
        Chart.of(
                "各阶段停留天数",
                Kind.HORIZONTAL_BAR,
                STAGES,
                List.of(Series.of("平均", 6.5, 18, 41.2, 12, 9), Series.of("中位数", 4, 15, 37, 10, 7)))
            .withAxisTitles("阶段", "停留")
            .withUnit("天");

    BufferedImage image = render(dwell, "dwell-horizontal");

    assertDrawnWithBundledFont(dwell);
    assertThat(inkShare(image)).isGreaterThan(0.02);
    assertThat(colouredPixels(image, ChartStyle.series(0).getRGB())).isGreaterThan(1000);
    assertThat(colouredPixels(image, ChartStyle.series(1).getRGB())).isGreaterThan(1000);
  }

  @Test
  void a_chart_without_data_says_no_data_instead_of_failing() {
    Chart empty = Chart.of("销售漏斗（上周）", Kind.BAR, List.of(), List.of());

    BufferedImage image = render(empty, "no-data");

    assertThat(ChartFont.undrawableAt(PlainCharts.NO_DATA)).isEqualTo(-1);
    assertDrawnWithBundledFont(empty);
    // The words are drawn in the middle band of the image, in the muted text colour.
    BufferedImage middle = image.getSubimage(200, 160, 400, 200);
    assertThat(inkShare(middle)).isGreaterThan(0.01);
    assertThat(colouredPixels(middle, ChartStyle.MUTED.getRGB())).isGreaterThan(50);
  }

  @Test
  void every_xchart_font_is_the_bundled_one_so_no_label_falls_back_to_a_machine_font() {
    Chart funnel = Chart.of("漏斗", Kind.BAR, STAGES, List.of(Series.of("商机数", 5, 4, 3, 2, 1)));
    CategoryChart chart = CategoryCharts.build(funnel, ChartStyle.bundled());
    CategoryStyler styler = chart.getStyler();
    String bundled = ChartFont.base().getFontName();

    assertThat(
            List.of(
                styler.getChartTitleFont(),
                styler.getLegendFont(),
                styler.getAxisTitleFont(),
                styler.getAxisTickLabelsFont(),
                styler.getLabelsFont(),
                styler.getBaseFont()))
        .extracting(Font::getFontName)
        .containsOnly(bundled);
    assertThat(bundled).isEqualTo("Noto Sans CJK SC");
  }

  @Test
  void draws_awkward_data_without_failing() {
    List<String> weeks = IntStream.rangeClosed(1, 60).mapToObj(w -> "W" + w).toList();
    List<Chart> charts =
        List.of(
            Chart.of("全部为零", Kind.BAR, STAGES, List.of(Series.of("商机数", 0, 0, 0, 0, 0))),
            Chart.of("全部为零", Kind.HORIZONTAL_BAR, STAGES, List.of(Series.of("天", 0, 0, 0, 0, 0))),
            Chart.of("单点", Kind.LINE, List.of("第1周"), List.of(Series.of("赢单率", 33.3))),
            Chart.of(
                "环比变化", Kind.HORIZONTAL_BAR, STAGES, List.of(Series.of("变化", -3, 5, 0, -12.5, 8))),
            Chart.of("环比变化", Kind.BAR, STAGES, List.of(Series.of("变化", -3, 5, 0, -12.5, 8))),
            Chart.of(
                "六十周",
                Kind.LINE,
                weeks,
                List.of(Series.of("赢单率", IntStream.range(0, 60).asDoubleStream().toArray()))));

    for (int i = 0; i < charts.size(); i++) {
      Chart chart = charts.get(i);
      assertThat(inkShare(render(chart, "awkward-" + i))).as(chart.title()).isGreaterThan(0.005);
    }
  }

  @Test
  void a_label_the_font_cannot_draw_yields_no_image_so_the_text_goes_alone() {
    String rare = "龘"; // not in GB2312 level 1, so not in the bundled subset
    assertThat(ChartFont.undrawableAt(rare)).isZero();
    Chart chart = Chart.of("漏斗", Kind.BAR, List.of("初步接触", rare), List.of(Series.of("商机数", 1, 2)));

    StepVerifier.create(renderer.png(chart)).verifyComplete();
  }

  @Test
  void draws_on_the_given_scheduler_not_the_callers_thread_and_headless() {
    AtomicReference<String> thread = new AtomicReference<>();
    Chart chart = Chart.of("漏斗", Kind.BAR, STAGES, List.of(Series.of("商机数", 5, 4, 3, 2, 1)));

    StepVerifier.create(renderer.png(chart).doOnNext(png -> thread.set(currentThread())))
        .expectNextCount(1)
        .verifyComplete();

    assertThat(thread.get()).startsWith("charts-test");
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
  }

  private static String currentThread() {
    return Thread.currentThread().getName();
  }

  /** Renders through the port and checks it is a PNG of the chat size; keeps a copy to look at. */
  private BufferedImage render(Chart chart, String keepAs) {
    byte[] png = renderer.png(chart).block();
    assertThat(png).isNotNull();
    assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    try {
      Path dir = Path.of("target", "charts");
      Files.createDirectories(dir);
      Files.write(dir.resolve(keepAs + ".png"), png);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image.getWidth()).isEqualTo(ChartStyle.WIDTH);
      assertThat(image.getHeight()).isEqualTo(ChartStyle.HEIGHT);
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertDrawnWithBundledFont(Chart chart) {
    for (String text : chart.texts()) {
      assertThat(ChartFont.undrawableAt(text)).as("bundled font draws '%s'", text).isEqualTo(-1);
    }
  }

  /** The share of pixels that are not the white background. */
  private static double inkShare(BufferedImage image) {
    long ink = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) != WHITE) {
          ink++;
        }
      }
    }
    return ink / (double) (image.getWidth() * image.getHeight());
  }

  private static long colouredPixels(BufferedImage image, int rgb) {
    long count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
          count++;
        }
      }
    }
    return count;
  }
}
