package io.salesbot.adapter.postgres;

import io.salesbot.core.testing.contract.TimersContract;
import io.salesbot.core.timer.Timers;
import org.junit.jupiter.api.BeforeEach;

class PostgresTimersContractTest extends TimersContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected Timers timers() {
    return new PostgresAdapter(database.connectionFactory()).timers();
  }
}
