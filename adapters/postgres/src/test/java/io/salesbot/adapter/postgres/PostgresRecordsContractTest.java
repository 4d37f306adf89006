package io.salesbot.adapter.postgres;

import io.salesbot.core.score.Records;
import io.salesbot.core.testing.contract.RecordsContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresRecordsContractTest extends RecordsContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();
  private final PostgresAdapter adapter = new PostgresAdapter(database.connectionFactory());

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected Records records() {
    return adapter.records();
  }
}
