package io.salesbot.adapter.postgres;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.testing.contract.DealsContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresDealsContractTest extends DealsContract {
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
  protected Deals deals() {
    return adapter.deals();
  }

  @Override
  protected EvidenceStore evidence() {
    return adapter.evidence();
  }
}
