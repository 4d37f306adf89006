package io.salesbot.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.stage.EvidenceLimits;
import io.salesbot.core.testing.contract.EvidenceFilesContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskEvidenceFilesContractTest extends EvidenceFilesContract {
  @TempDir Path dir;

  @Override
  protected EvidenceFiles files(EvidenceLimits limits) {
    return new DiskEvidenceFiles(dir, limits);
  }

  @Test
  void files_are_named_by_sha256_and_no_temporary_file_is_left_behind() throws IOException {
    var f =
        new DiskEvidenceFiles(dir, LIMITS)
            .put("报价".getBytes(StandardCharsets.UTF_8), "q.pdf", "application/pdf")
            .block();
    assertThat(dir.resolve(f.sha256().substring(0, 2)).resolve(f.sha256())).exists();
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(f.sha256(), f.sha256() + ".type");
    }
  }
}
