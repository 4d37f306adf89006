package io.salesbot.adapter.postgres;

import io.salesbot.core.platform.Deliveries;
import io.salesbot.core.testing.contract.DeliveriesContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresDeliveriesContractTest extends DeliveriesContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected Deliveries deliveries() {
    return new PostgresAdapter(database.connectionFactory()).deliveries();
  }
}
