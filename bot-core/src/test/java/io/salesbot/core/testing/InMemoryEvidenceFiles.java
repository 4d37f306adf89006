package io.salesbot.core.testing;

import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.stage.EvidenceLimits;
import io.salesbot.core.stage.domain.StoredFile;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link EvidenceFiles} in memory: bytes by SHA-256, the first copy kept. */
public final class InMemoryEvidenceFiles implements EvidenceFiles {
  private final EvidenceLimits limits;
  private final Map<String, Stored> all = new LinkedHashMap<>();

  private record Stored(StoredFile file, byte[] bytes) {}

  public InMemoryEvidenceFiles(EvidenceLimits limits) {
    this.limits = limits;
  }

  public InMemoryEvidenceFiles() {
    this(EvidenceLimits.defaults());
  }

  @Override
  public EvidenceLimits limits() {
    return limits;
  }

  @Override
  public Mono<StoredFile> put(byte[] bytes, String name, String contentType) {
    return Mono.fromSupplier(
        () -> {
          limits.require(bytes.length, contentType);
          String sha = sha256(bytes);
          synchronized (this) {
            return all.computeIfAbsent(
                    sha,
                    k -> new Stored(new StoredFile(k, bytes.length, contentType), bytes.clone()))
                .file();
          }
        });
  }

  @Override
  public Mono<StoredFile> find(String sha256) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            Stored s = all.get(sha256);
            return s == null ? null : s.file();
          }
        });
  }

  @Override
  public Mono<byte[]> open(String sha256) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            Stored s = all.get(sha256);
            return s == null ? null : s.bytes().clone();
          }
        });
  }

  /** How many distinct files are stored. */
  public synchronized int count() {
    return all.size();
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
