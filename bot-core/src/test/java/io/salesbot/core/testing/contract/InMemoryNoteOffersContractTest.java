package io.salesbot.core.testing.contract;

import io.salesbot.core.lead.NoteOffers;
import io.salesbot.core.testing.InMemoryNoteOffers;

class InMemoryNoteOffersContractTest extends NoteOffersContract {
  @Override
  protected NoteOffers noteOffers() {
    return new InMemoryNoteOffers();
  }
}
