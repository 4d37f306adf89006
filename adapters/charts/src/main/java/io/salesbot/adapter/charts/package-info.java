/**
 * Charts as PNG images for chat messages: bot-core's {@link io.salesbot.core.kernel.ChartRenderer}
 * drawn with XChart (bars, lines) and plain Java2D (horizontal bars, "no data"), headless, with the
 * CJK font bundled in this jar.
 */
@NullMarked
package io.salesbot.adapter.charts;

import org.jspecify.annotations.NullMarked;
