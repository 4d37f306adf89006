package io.salesbot.core.stage;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How large a file sent as evidence may be and which content types are taken ({@code
 * salesbot.evidence.max-file-size}, {@code salesbot.evidence.allowed-types}). A type is allowed
 * when it equals an entry or matches an entry ending in {@code /*} ({@code image/*}).
 */
public record EvidenceLimits(long maxBytes, List<String> allowedTypes) {
  /** Images, PDF, Office and WPS documents, plain text and CSV. */
  public static final List<String> DEFAULT_TYPES =
      List.of(
          "image/*",
          "application/pdf",
          "application/msword",
          "application/vnd.openxmlformats-officedocument.*",
          "application/vnd.ms-excel",
          "application/vnd.ms-powerpoint",
          "application/vnd.ms-works",
          "text/plain",
          "text/csv",
          "audio/amr");

  public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("png", "image/png"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("heic", "image/heic"),
          Map.entry("bmp", "image/bmp"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("doc", "application/msword"),
          Map.entry(
              "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
          Map.entry("xls", "application/vnd.ms-excel"),
          Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
          Map.entry("ppt", "application/vnd.ms-powerpoint"),
          Map.entry(
              "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
          Map.entry("txt", "text/plain"),
          Map.entry("csv", "text/csv"),
          Map.entry("amr", "audio/amr"),
          Map.entry("zip", "application/zip"),
          Map.entry("exe", "application/x-msdownload"));

  public EvidenceLimits {
    allowedTypes = allowedTypes.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("the largest file must be positive, got " + maxBytes);
    }
    if (allowedTypes.isEmpty()) {
      throw new IllegalArgumentException("at least one allowed content type is needed");
    }
    for (String t : allowedTypes) {
      int slash = t.indexOf('/');
      if (slash <= 0
          || slash == t.length() - 1
          || t.indexOf('*') >= 0 && !t.endsWith("*")
          || t.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "'" + t + "' is not a content type (e.g. application/pdf or image/*)");
      }
    }
  }

  public static EvidenceLimits defaults() {
    return new EvidenceLimits(DEFAULT_MAX_BYTES, DEFAULT_TYPES);
  }

  /** Why a file is refused. */
  public enum Reason {
    TOO_LARGE,
    WRONG_TYPE
  }

  /** A file the limits refuse; carries no stack trace (an answer, not a crash). */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public Refused(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  /** Why these would be refused, or null when they are taken. */
  public @Nullable Reason check(long size, String contentType) {
    if (size > maxBytes) {
      return Reason.TOO_LARGE;
    }
    return allows(contentType) ? null : Reason.WRONG_TYPE;
  }

  /** Throws {@link Refused} when {@link #check} refuses. */
  public void require(long size, String contentType) {
    Reason r = check(size, contentType);
    if (r == Reason.TOO_LARGE) {
      throw new Refused(r, "file of " + size + " bytes is larger than " + maxBytes);
    }
    if (r == Reason.WRONG_TYPE) {
      throw new Refused(r, "content type " + contentType + " is not allowed");
    }
  }

  public boolean allows(String contentType) {
    String type = bare(contentType);
    for (String allowed : allowedTypes) {
      if (allowed.endsWith("*")
          ? type.startsWith(allowed.substring(0, allowed.length() - 1))
          : type.equals(allowed)) {
        return true;
      }
    }
    return false;
  }

  /** The largest file in whole MiB, for people. */
  public long maxMegabytes() {
    return Math.max(1, maxBytes / (1024 * 1024));
  }

  /**
   * The type of a file: the declared one when it says something ({@code application/octet-stream}
   * and blanks say nothing), else one guessed from the name's extension, else {@code
   * application/octet-stream}. Parameters ({@code ;charset=}) are dropped.
   */
  public static String typeOf(@Nullable String declared, @Nullable String name) {
    if (declared != null) {
      String type = bare(declared);
      if (!type.isEmpty() && !type.equals("application/octet-stream") && type.contains("/")) {
        return type;
      }
    }
    if (name != null) {
      int dot = name.lastIndexOf('.');
      if (dot >= 0) {
        String known = BY_EXTENSION.get(name.substring(dot + 1).strip().toLowerCase(Locale.ROOT));
        if (known != null) {
          return known;
        }
      }
    }
    return "application/octet-stream";
  }

  /**
   * Like {@link #typeOf(String, String)}, and when that says nothing, the type the first bytes show
   * (JPEG, PNG, GIF, WebP, PDF): DingTalk's download links name every file {@code .file}.
   */
  public static String typeOf(@Nullable String declared, @Nullable String name, byte[] bytes) {
    String type = typeOf(declared, name);
    return type.equals("application/octet-stream") ? sniff(bytes, type) : type;
  }

  private static String sniff(byte[] b, String otherwise) {
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (starts(b, 0x89, 'P', 'N', 'G')) {
      return "image/png";
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E') {
      return "image/webp";
    }
    if (starts(b, '%', 'P', 'D', 'F')) {
      return "application/pdf";
    }
    return otherwise;
  }

  private static boolean starts(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String bare(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi >= 0 ? contentType.substring(0, semi) : contentType)
        .strip()
        .toLowerCase(Locale.ROOT);
  }
}
