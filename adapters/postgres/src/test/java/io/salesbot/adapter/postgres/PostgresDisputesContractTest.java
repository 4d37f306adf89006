package io.salesbot.adapter.postgres;

import io.salesbot.core.score.Disputes;
import io.salesbot.core.testing.contract.DisputesContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresDisputesContractTest extends DisputesContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();
  private final PostgresAdapter adapter = new PostgresAdapter(database.connectionFactory());

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected Disputes disputes() {
    return adapter.disputes();
  }
}
