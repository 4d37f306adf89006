package io.salesbot.core.testing.contract;

import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.testing.InMemoryLeadNotes;

class InMemoryLeadNotesContractTest extends LeadNotesContract {
  @Override
  protected LeadNotes leadNotes() {
    return new InMemoryLeadNotes();
  }
}
