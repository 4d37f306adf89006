package io.salesbot.adapter.postgres;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.testing.contract.SlaClocksContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresSlaClocksContractTest extends SlaClocksContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();
  private final PostgresAdapter adapter = new PostgresAdapter(database.connectionFactory());

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected Leads leads() {
    return adapter.leads();
  }

  @Override
  protected SlaClocks clocks() {
    return adapter.slaClocks();
  }
}
