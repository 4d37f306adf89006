package io.salesbot.core.kernel;

import io.salesbot.core.kernel.domain.Chart;
import reactor.core.publisher.Mono;

/**
 * Draws a {@link Chart} as a PNG image for a chat message. An answer with a chart (the funnel, a
 * KPI) always has its figures as text too: when the renderer yields nothing — charts switched off
 * ({@link #NONE}), or a label its font cannot draw — the caller sends the text alone.
 *
 * <p>Rendering is CPU work: an implementation runs it off the caller's thread (never on an event
 * loop) and never blocks the subscriber. A chart with no data ({@link Chart#isEmpty()}) still
 * yields an image that says so.
 */
public interface ChartRenderer {

  /** No charts: every {@link #png} is empty, so callers send the text fallback. */
  ChartRenderer NONE = chart -> Mono.empty();

  /**
   * The chart as PNG bytes; empty when this renderer draws no charts or cannot draw this one
   * faithfully. Errors only for a failure of the renderer itself.
   */
  Mono<byte[]> png(Chart chart);
}
