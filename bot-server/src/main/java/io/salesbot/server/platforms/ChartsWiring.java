package io.salesbot.server.platforms;

import io.salesbot.adapter.charts.XChartRenderer;
import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.kernel.ChartRenderer;
import io.salesbot.server.charts.ChartImageHandler;
import java.awt.AWTError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The chart images that go with the funnel and KPI answers: {@link XChartRenderer} with its bundled
 * CJK font. Charts are an extra — every answer with a chart carries its figures as text — so a JVM
 * that cannot draw (no AWT native libraries in a stripped image) starts anyway, with {@link
 * ChartRenderer#NONE} and a warning, instead of not starting. The images wait in PostgreSQL and are
 * served at {@value ChartImageHandler#PATH}.
 */
@Configuration(proxyBeanMethods = false)
public class ChartsWiring {
  private static final Logger LOG = LoggerFactory.getLogger(ChartsWiring.class);

  @Bean
  ChartRenderer chartRenderer() {
    try {
      return new XChartRenderer();
    } catch (LinkageError | AWTError | RuntimeException e) {
      LOG.warn(
          "Charts are off: this JVM cannot draw them ({}); answers go as text only", e.toString());
      return ChartRenderer.NONE;
    }
  }

  /** Where chart images wait for the platforms: PostgreSQL, so every instance serves every one. */
  @Bean
  ChartImages chartImages(PostgresAdapter postgres) {
    return postgres.chartImages();
  }

  @Bean
  RouterFunction<ServerResponse> chartImageRoutes(ChartImages images) {
    return RouterFunctions.route()
        .GET(ChartImageHandler.PATH, new ChartImageHandler(images)::get)
        .build();
  }
}
