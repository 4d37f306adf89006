package io.salesbot.adapter.postgres;

import io.salesbot.core.routing.RoutingState;
import io.salesbot.core.testing.contract.RoutingStateContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresRoutingStateContractTest extends RoutingStateContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected RoutingState routingState() {
    return new PostgresAdapter(database.connectionFactory()).routingState();
  }
}
