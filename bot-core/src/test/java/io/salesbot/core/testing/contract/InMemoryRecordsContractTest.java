package io.salesbot.core.testing.contract;

import io.salesbot.core.score.Records;
import io.salesbot.core.testing.InMemoryRecords;

class InMemoryRecordsContractTest extends RecordsContract {
  @Override
  protected Records records() {
    return new InMemoryRecords();
  }
}
