package io.salesbot.adapter.postgres;

import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.testing.contract.CardReferencesContract;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;

class PostgresCardReferencesContractTest extends CardReferencesContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected CardReferences cardReferences() {
    return new PostgresAdapter(database.connectionFactory()).cardReferences();
  }

  /** Each save clears references expired for over a day by the database's clock, i.e. this one. */
  @Override
  protected Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
