package io.salesbot.adapter.support;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * A request body read whole but never beyond a limit, for every endpoint that reads one (callbacks,
 * the intake webhook, forms, the sandbox): judged by the declared {@code Content-Length} first,
 * then while reading. An empty body is empty (zero bytes, ""), never a missing value; a body over
 * the limit is a {@link TooLarge} error, which each endpoint answers in its own way.
 */
public final class BoundedBody {
  private BoundedBody() {}

  /** The body is larger than the endpoint takes. */
  public static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TooLarge(int maxBytes) {
      super("the body is larger than " + maxBytes + " bytes", null, false, false);
    }
  }

  /** Whether the request declares a body longer than {@code maxBytes}. */
  public static boolean declaredOver(ServerRequest request, int maxBytes) {
    return request.headers().contentLength().orElse(-1) > maxBytes;
  }

  /** The body's bytes, at most {@code maxBytes}; {@link TooLarge} beyond. */
  public static Mono<byte[]> bytes(ServerRequest request, int maxBytes) {
    return Mono.defer(
        () -> {
          if (declaredOver(request, maxBytes)) {
            return Mono.error(new TooLarge(maxBytes));
          }
          return DataBufferUtils.join(request.exchange().getRequest().getBody(), maxBytes)
              .onErrorMap(DataBufferLimitException.class, e -> new TooLarge(maxBytes))
              .map(BoundedBody::drain)
              .defaultIfEmpty(new byte[0]);
        });
  }

  /** The body as UTF-8 text, at most {@code maxBytes}; {@link TooLarge} beyond. */
  public static Mono<String> text(ServerRequest request, int maxBytes) {
    return bytes(request, maxBytes).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private static byte[] drain(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }
}
