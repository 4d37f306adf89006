package io.salesbot.adapter.postgres;

import io.salesbot.core.testing.contract.DealReportsContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresDealReportsContractTest extends DealReportsContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();
  private final PostgresAdapter adapter = new PostgresAdapter(database.connectionFactory());

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected Stores stores() {
    return new Stores(adapter.leads(), adapter.deals(), adapter.slaClocks(), adapter.dealReports());
  }
}
