package io.salesbot.core.testing;

import io.salesbot.core.kernel.ChartRenderer;
import io.salesbot.core.kernel.domain.Chart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A {@link ChartRenderer} that keeps every chart it was asked for, in order. {@link #drawing()}
 * answers with stand-in image bytes ({@link #imageOf}); {@link #none()} answers with nothing, like
 * {@link ChartRenderer#NONE}, so a test can check the text fallback.
 */
public final class RecordingChartRenderer implements ChartRenderer {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final List<Chart> charts = new ArrayList<>();
  private final boolean draws;

  private RecordingChartRenderer(boolean draws) {
    this.draws = draws;
  }

  /** Records charts and answers each with {@link #imageOf}. */
  public static RecordingChartRenderer drawing() {
    return new RecordingChartRenderer(true);
  }

  /** Records charts and answers each with nothing (charts off). */
  public static RecordingChartRenderer none() {
    return new RecordingChartRenderer(false);
  }

  @Override
  public Mono<byte[]> png(Chart chart) {
    return Mono.fromCallable(
        () -> {
          record(chart);
          return draws ? imageOf(chart) : null;
        });
  }

  /**
   * The stand-in image for a chart: a PNG signature followed by the title in UTF-8 — not a real
   * image, but distinct per title, so a test can tell which chart an image was made from.
   */
  public static byte[] imageOf(Chart chart) {
    byte[] title = chart.title().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(PNG_SIGNATURE, PNG_SIGNATURE.length + title.length);
    System.arraycopy(title, 0, bytes, PNG_SIGNATURE.length, title.length);
    return bytes;
  }

  private synchronized void record(Chart chart) {
    charts.add(chart);
  }

  /** The charts asked for, in order. */
  public synchronized List<Chart> charts() {
    return List.copyOf(charts);
  }

  public synchronized void clear() {
    charts.clear();
  }
}
