package io.salesbot.adapter.postgres;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.routing.Offers;
import io.salesbot.core.testing.contract.OffersContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresOffersContractTest extends OffersContract {
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
  protected Offers offers() {
    return adapter.offers();
  }
}
