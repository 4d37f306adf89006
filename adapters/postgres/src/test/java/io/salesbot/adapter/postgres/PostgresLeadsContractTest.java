package io.salesbot.adapter.postgres;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.testing.contract.LeadsContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresLeadsContractTest extends LeadsContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected Leads leads() {
    return new PostgresAdapter(database.connectionFactory()).leads();
  }
}
