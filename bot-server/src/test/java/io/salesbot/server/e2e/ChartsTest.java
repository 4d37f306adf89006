package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.adapter.charts.XChartRenderer;
import io.salesbot.core.kernel.ChartRenderer;
import io.salesbot.core.kernel.domain.Chart;
import io.salesbot.core.kernel.domain.Chart.Kind;
import io.salesbot.core.kernel.domain.Chart.Series;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;

/** The running server draws charts (funnel, KPI trend) with Chinese labels. */
class ChartsTest extends EndToEndSupport {
  @Autowired ChartRenderer charts;

  @Test
  void the_server_draws_charts_with_its_bundled_font() {
    assertThat(charts).isInstanceOf(XChartRenderer.class);
    Chart funnel =
        Chart.of(
            "销售漏斗",
            Kind.BAR,
            List.of("初步接触", "需求诊断", "方案呈现", "异议处理", "签约执行"),
            List.of(Series.of("商机数", 40, 25, 12, 6, 2)));

    StepVerifier.create(charts.png(funnel))
        .assertNext(
            png ->
                assertThat(png)
                    .hasSizeGreaterThan(5_000)
                    .startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'))
        .verifyComplete();
  }
}
