package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.testing.contract.ChartImagesContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresChartImagesContractTest extends ChartImagesContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected ChartImages chartImages() {
    return new PostgresAdapter(database.connectionFactory()).chartImages();
  }
}
