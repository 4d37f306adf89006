package io.salesbot.adapter.sandbox;

import io.salesbot.core.stage.EvidenceLimits;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * A file uploaded to the sandbox: read part by part as it streams in, the {@code file} part at most
 * the evidence size limit (reading stops at the first byte over it), other parts dropped.
 */
record SandboxUpload(byte[] bytes, String fileName, @Nullable String contentType, boolean photo) {
  private static final int MAX_FIELD = 64;

  /**
   * How far past the limit a body is still read (and dropped) before the 413, so that the client,
   * still sending, gets the answer rather than a closed connection; beyond it reading stops.
   */
  static final long DRAIN = 1024 * 1024;

  /** What the parts gave so far. */
  private static final class Parts {
    @Nullable SandboxUpload file;
    boolean photo;
    boolean tooLarge;
  }

  static Mono<SandboxUpload> read(ServerRequest request, EvidenceLimits limits) {
    long max = limits.maxBytes();
    long declared = request.headers().contentLength().orElse(-1);
    if (declared > max + DRAIN) {
      return Mono.error(tooLarge(limits));
    }
    Parts parts = new Parts();
    return request
        .body(BodyExtractors.toParts())
        .concatMap(part -> take(part, parts, (int) Math.min(Integer.MAX_VALUE - 8, max)))
        .onErrorMap(DataBufferLimitException.class, e -> tooLarge(limits))
        .then(
            Mono.fromCallable(
                () -> {
                  if (parts.tooLarge) {
                    throw tooLarge(limits);
                  }
                  if (parts.file == null) {
                    throw SandboxProblem.badRequest(
                        "缺少名为 file 的文件部分。", "The multipart body has no file part named 'file'.");
                  }
                  if (parts.file.bytes().length == 0) {
                    throw SandboxProblem.badRequest("文件是空的。", "The file is empty.");
                  }
                  SandboxUpload f = parts.file;
                  return new SandboxUpload(f.bytes(), f.fileName(), f.contentType(), parts.photo);
                }));
  }

  private static Mono<Void> take(Part part, Parts parts, int max) {
    if (part instanceof FilePart file && "file".equals(part.name())) {
      String type =
          part.headers().getContentType() == null
              ? null
              : part.headers().getContentType().toString();
      // Keep at most max bytes; past it, go on reading (and dropping) up to DRAIN more, so the
      // client is answered 413 after it sent its body instead of seeing the connection close
      // while it is still sending.
      java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
      long[] seen = {0};
      return file.content()
          .doOnNext(
              buffer -> {
                try {
                  int n = buffer.readableByteCount();
                  seen[0] += n;
                  if (seen[0] <= max) {
                    byte[] chunk = new byte[n];
                    buffer.read(chunk);
                    kept.write(chunk, 0, n);
                  } else {
                    parts.tooLarge = true;
                    if (seen[0] > max + DRAIN) {
                      throw new DataBufferLimitException("evidence upload over the limit");
                    }
                  }
                } finally {
                  DataBufferUtils.release(buffer);
                }
              })
          .then(
              Mono.fromRunnable(
                  () -> {
                    if (!parts.tooLarge) {
                      parts.file =
                          new SandboxUpload(kept.toByteArray(), name(file.filename()), type, false);
                    }
                  }));
    }
    if (part instanceof FormFieldPart field && "kind".equals(part.name())) {
      String kind = field.value().strip();
      if (!kind.equals("photo") && !kind.equals("file")) {
        return Mono.error(
            SandboxProblem.badRequest(
                "kind 须为 file 或 photo。", "Part 'kind' must be 'file' or 'photo'."));
      }
      parts.photo = kind.equals("photo");
      return Mono.empty();
    }
    return DataBufferUtils.join(part.content(), MAX_FIELD * 1024)
        .doOnNext(DataBufferUtils::release)
        .then();
  }

  private static String name(String filename) {
    String name = filename == null ? "" : filename.strip();
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    if (name.isEmpty()) {
      return "file";
    }
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    return utf8.length > 200 ? name.substring(0, 100) : name;
  }

  private static SandboxProblem tooLarge(EvidenceLimits limits) {
    return SandboxProblem.tooLarge(
        "文件太大：最大 " + limits.maxMegabytes() + " MB。",
        "The file is too large: at most " + limits.maxBytes() + " bytes.");
  }
}
