package io.salesbot.adapter.postgres;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.sla.FollowUps;
import io.salesbot.core.testing.contract.FollowUpsContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresFollowUpsContractTest extends FollowUpsContract {
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
  protected FollowUps followUps() {
    return adapter.followUps();
  }
}
