package io.salesbot.core.testing.contract;

import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.stage.EvidenceLimits;
import io.salesbot.core.testing.InMemoryEvidenceFiles;

class InMemoryEvidenceFilesContractTest extends EvidenceFilesContract {
  @Override
  protected EvidenceFiles files(EvidenceLimits limits) {
    return new InMemoryEvidenceFiles(limits);
  }
}
