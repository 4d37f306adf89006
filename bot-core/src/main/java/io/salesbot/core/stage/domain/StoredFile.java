package io.salesbot.core.stage.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A file kept as evidence, named by the SHA-256 of its bytes (identical files are stored once).
 *
 * @param sha256 64 lower-case hex digits
 * @param size in bytes
 * @param contentType as stored, e.g. {@code image/jpeg}
 */
public record StoredFile(String sha256, long size, String contentType) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public StoredFile {
    if (!isSha256(sha256)) {
      throw new IllegalArgumentException("not a SHA-256 in hex: '" + sha256 + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    contentType = contentType.strip().toLowerCase(Locale.ROOT);
  }

  public static boolean isSha256(String text) {
    return SHA256.matcher(text).matches();
  }
}
