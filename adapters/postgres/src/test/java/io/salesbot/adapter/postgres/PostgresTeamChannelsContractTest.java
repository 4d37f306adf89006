package io.salesbot.adapter.postgres;

import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.testing.contract.TeamChannelsContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresTeamChannelsContractTest extends TeamChannelsContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected TeamChannels teamChannels() {
    return new PostgresAdapter(database.connectionFactory()).teamChannels();
  }
}
