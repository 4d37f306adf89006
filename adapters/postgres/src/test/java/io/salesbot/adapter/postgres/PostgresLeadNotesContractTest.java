package io.salesbot.adapter.postgres;

import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.testing.contract.LeadNotesContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresLeadNotesContractTest extends LeadNotesContract {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @BeforeEach
  void emptyTables() {
    database.truncateAll();
  }

  @Override
  protected LeadNotes leadNotes() {
    return new PostgresAdapter(database.connectionFactory()).leadNotes();
  }
}
