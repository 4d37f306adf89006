package io.salesbot.adapter.postgres;

import io.salesbot.core.score.Feeds;
import io.salesbot.core.testing.contract.FeedsContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresFeedsContractTest extends FeedsContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected Feeds feeds() {
    return new PostgresAdapter(database.connectionFactory()).feeds();
  }
}
