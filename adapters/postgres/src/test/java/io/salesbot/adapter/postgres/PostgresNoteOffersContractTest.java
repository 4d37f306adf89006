package io.salesbot.adapter.postgres;

import io.salesbot.core.lead.NoteOffers;
import io.salesbot.core.testing.contract.NoteOffersContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresNoteOffersContractTest extends NoteOffersContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected NoteOffers noteOffers() {
    return new PostgresAdapter(database.connectionFactory()).noteOffers();
  }
}
