package io.salesbot.server.evidence;

import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.stage.EvidenceLimits;
import io.salesbot.core.stage.domain.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link EvidenceFiles} in a directory: each file under {@code <ab>/<sha256>} (the first two hex
 * digits as a sub-folder), its content type beside it in {@code <sha256>.type}. A file is written
 * to a temporary file and moved into place atomically, so a reader never sees half a file and
 * identical files are stored once. Disk work runs on the bounded-elastic scheduler.
 */
public final class DiskEvidenceFiles implements EvidenceFiles {
  private final Path root;
  private final EvidenceLimits limits;

  public DiskEvidenceFiles(Path root, EvidenceLimits limits) {
    this.root = root.toAbsolutePath().normalize();
    this.limits = limits;
  }

  public Path root() {
    return root;
  }

  @Override
  public EvidenceLimits limits() {
    return limits;
  }

  @Override
  public Mono<StoredFile> put(byte[] bytes, String name, String contentType) {
    return Mono.fromCallable(
            () -> {
              limits.require(bytes.length, contentType);
              String sha = sha256(bytes);
              Path file = fileOf(sha);
              Files.createDirectories(file.getParent());
              if (!Files.exists(file)) {
                writeAtomically(file, bytes);
              }
              Path type = typeOf(sha);
              if (!Files.exists(type)) {
                writeAtomically(type, contentType.getBytes(StandardCharsets.UTF_8));
              }
              return new StoredFile(sha, bytes.length, readType(sha));
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  @Override
  public Mono<StoredFile> find(String sha256) {
    return Mono.fromCallable(
            () -> {
              if (!StoredFile.isSha256(sha256) || !Files.exists(fileOf(sha256))) {
                return null;
              }
              return new StoredFile(sha256, Files.size(fileOf(sha256)), readType(sha256));
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  @Override
  public Mono<byte[]> open(String sha256) {
    return Mono.fromCallable(
            () -> {
              if (!StoredFile.isSha256(sha256)) {
                return null;
              }
              try {
                return Files.readAllBytes(fileOf(sha256));
              } catch (NoSuchFileException e) {
                return null;
              }
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  private Path fileOf(String sha) {
    return root.resolve(sha.substring(0, 2)).resolve(sha);
  }

  private Path typeOf(String sha) {
    return root.resolve(sha.substring(0, 2)).resolve(sha + ".type");
  }

  private String readType(String sha) throws IOException {
    try {
      return Files.readString(typeOf(sha), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return "application/octet-stream";
    }
  }

  /** Temp file in the same folder, then a rename: the file appears whole or not at all. */
  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      } catch (FileAlreadyExistsException e) {
        // another writer stored the same bytes first: theirs is as good as ours
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("SHA-256 unavailable", e));
    }
  }
}
