package io.salesbot.core.testing.contract;

import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.testing.InMemoryChartImages;

class InMemoryChartImagesContractTest extends ChartImagesContract {
  @Override
  protected ChartImages chartImages() {
    return new InMemoryChartImages();
  }
}
