package io.salesbot.adapter.postgres;

import io.salesbot.core.lead.IntakeFallback;
import io.salesbot.core.testing.contract.IntakeFallbackContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresIntakeFallbackContractTest extends IntakeFallbackContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected IntakeFallback intakeFallback() {
    return new PostgresAdapter(database.connectionFactory()).intakeFallback();
  }
}
