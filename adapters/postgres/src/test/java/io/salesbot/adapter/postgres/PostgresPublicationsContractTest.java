package io.salesbot.adapter.postgres;

import io.salesbot.core.score.Publications;
import io.salesbot.core.testing.contract.PublicationsContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresPublicationsContractTest extends PublicationsContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();
  private final PostgresAdapter adapter = new PostgresAdapter(database.connectionFactory());

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected Publications publications() {
    return adapter.publications();
  }
}
