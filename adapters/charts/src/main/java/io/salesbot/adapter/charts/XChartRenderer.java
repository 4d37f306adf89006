package io.salesbot.adapter.charts;

import io.salesbot.core.kernel.ChartRenderer;
import io.salesbot.core.kernel.domain.Chart;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Draws charts as {@value ChartStyle#WIDTH}×{@value ChartStyle#HEIGHT} PNG images with XChart
 * (vertical bars, lines) and plain Java2D (horizontal bars, "暂无数据" for a chart without data), in
 * the font bundled in this jar. Drawing is CPU-heavy, so it runs on {@link
 * Schedulers#boundedElastic()} (or the scheduler given), never on the subscriber's thread.
 *
 * <p>A chart with a label the bundled font cannot draw (a character outside GB2312 level 1 and
 * ASCII) is not drawn: the answer is empty and the caller sends its text, rather than an image with
 * empty boxes in it.
 */
public final class XChartRenderer implements ChartRenderer {
  private static final Logger log = LoggerFactory.getLogger(XChartRenderer.class);

  private final Scheduler scheduler;
  private final ChartStyle style;

  /** Renders on {@link Schedulers#boundedElastic()}. */
  public XChartRenderer() {
    this(Schedulers.boundedElastic());
  }

  /**
   * Renders on {@code scheduler}. Loads the bundled font now (once per JVM), so that a missing or
   * broken font fails at start-up rather than at the first chart.
   */
  public XChartRenderer(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.style = ChartStyle.bundled();
  }

  @Override
  public Mono<byte[]> png(Chart chart) {
    Objects.requireNonNull(chart, "chart");
    return Mono.fromCallable(() -> draw(chart)).subscribeOn(scheduler);
  }

  /** The PNG, or null when the font cannot draw one of the chart's texts. */
  private byte @Nullable [] draw(Chart chart) {
    for (String text : chart.texts()) {
      int at = ChartFont.undrawableAt(text);
      if (at >= 0) {
        log.warn(
            "chart '{}' not drawn: the bundled font has no glyph for U+{} in '{}'; the text goes"
                + " without it",
            chart.title(),
            String.format("%04X", text.codePointAt(at)),
            text);
        return null;
      }
    }
    return encode(image(chart));
  }

  private BufferedImage image(Chart chart) {
    if (chart.isEmpty()) {
      return PlainCharts.noData(chart, style);
    }
    return switch (chart.kind()) {
      case BAR, LINE -> CategoryCharts.draw(chart, style);
      case HORIZONTAL_BAR -> PlainCharts.horizontalBars(chart, style);
    };
  }

  private static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
    try {
      if (!ImageIO.write(image, "png", png)) {
        throw new IllegalStateException("this JVM has no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the chart as PNG", e);
    }
    return png.toByteArray();
  }
}
