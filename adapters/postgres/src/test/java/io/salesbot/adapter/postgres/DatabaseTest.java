package io.salesbot.adapter.postgres;

import org.junit.jupiter.api.BeforeEach;

/** A test on the shared embedded database, with empty tables at the start of each test. */
abstract class DatabaseTest {
  protected final EmbeddedDatabase database = EmbeddedDatabase.shared();
  protected final PostgresAdapter adapter = new PostgresAdapter(database.connectionFactory());

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }
}
