package io.salesbot.core.stage;

import io.salesbot.core.stage.domain.StoredFile;
import reactor.core.publisher.Mono;

/**
 * Where the files and photos sent as evidence are kept, each under the SHA-256 of its bytes:
 * identical files are stored once, and a file is either stored whole or not at all. The store
 * enforces its {@link #limits()}: a file they refuse is not stored.
 */
public interface EvidenceFiles {
  /** The largest file and the content types this store takes. */
  EvidenceLimits limits();

  /**
   * Stores the bytes (or finds them stored already). Fails with {@link EvidenceLimits.Refused} when
   * the limits refuse them, and nothing is stored.
   *
   * @param name the name the sender gave the file (kept as metadata elsewhere, not here)
   * @param contentType the type as declared or guessed ({@link EvidenceLimits#typeOf})
   */
  Mono<StoredFile> put(byte[] bytes, String name, String contentType);

  /** The stored file's description; empty when nothing is stored under this SHA-256. */
  Mono<StoredFile> find(String sha256);

  /** The stored file's bytes; empty when nothing is stored under this SHA-256. */
  Mono<byte[]> open(String sha256);
}
