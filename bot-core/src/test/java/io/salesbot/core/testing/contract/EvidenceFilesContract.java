package io.salesbot.core.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.stage.EvidenceLimits;
import io.salesbot.core.stage.domain.StoredFile;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour of {@link EvidenceFiles} the evidence use cases rely on: files named by their
 * SHA-256, identical files stored once (also when stored concurrently), the limits enforced with
 * nothing stored, and unknown names answered with nothing.
 */
public abstract class EvidenceFilesContract {
  /** 1 KiB, PDFs and images. */
  protected static final EvidenceLimits LIMITS =
      new EvidenceLimits(1024, List.of("application/pdf", "image/*"));

  /** An empty store enforcing {@code limits}; called once per test. */
  protected abstract EvidenceFiles files(EvidenceLimits limits);

  private EvidenceFiles files;

  private synchronized EvidenceFiles store() {
    if (files == null) {
      files = files(LIMITS);
    }
    return files;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  public void a_file_is_stored_under_its_sha256_and_read_back() throws Exception {
    byte[] pdf = bytes("%PDF-1.4 方案");
    StoredFile f = store().put(pdf, "方案.pdf", "application/pdf").block();
    String sha =
        HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pdf));
    assertThat(f).isEqualTo(new StoredFile(sha, pdf.length, "application/pdf"));
    assertThat(store().find(sha).block()).isEqualTo(f);
    assertThat(store().open(sha).block()).isEqualTo(pdf);
    assertThat(store().limits()).isEqualTo(LIMITS);
  }

  @Test
  public void identical_files_are_stored_once_even_when_stored_at_once() {
    byte[] photo = new byte[900];
    ThreadLocalRandom.current().nextBytes(photo);
    List<StoredFile> stored =
        Flux.range(0, 8)
            .flatMap(
                i ->
                    store()
                        .put(photo, "p" + i + ".jpg", "image/jpeg")
                        .subscribeOn(Schedulers.parallel()))
            .collectList()
            .block();
    assertThat(stored).hasSize(8).containsOnly(stored.get(0));
    assertThat(store().open(stored.get(0).sha256()).block()).isEqualTo(photo);
  }

  @Test
  public void a_file_over_the_limit_is_refused_and_nothing_is_stored() {
    byte[] big = new byte[1025];
    assertThatThrownBy(() -> store().put(big, "big.pdf", "application/pdf").block())
        .isInstanceOfSatisfying(
            EvidenceLimits.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(EvidenceLimits.Reason.TOO_LARGE));
    assertThat(store().find(sha(big)).block()).isNull();
  }

  @Test
  public void a_type_not_allowed_is_refused_and_nothing_is_stored() {
    byte[] exe = bytes("MZ");
    assertThatThrownBy(() -> store().put(exe, "setup.exe", "application/x-msdownload").block())
        .isInstanceOfSatisfying(
            EvidenceLimits.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(EvidenceLimits.Reason.WRONG_TYPE));
    assertThat(store().find(sha(exe)).block()).isNull();
    assertThat(store().open(sha(exe)).block()).isNull();
  }

  @Test
  public void unknown_or_malformed_names_give_nothing() {
    assertThat(store().find("0".repeat(64)).block()).isNull();
    assertThat(store().open("0".repeat(64)).block()).isNull();
    assertThat(store().open("../../etc/passwd").block()).isNull();
  }

  private static String sha(byte[] bytes) {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
