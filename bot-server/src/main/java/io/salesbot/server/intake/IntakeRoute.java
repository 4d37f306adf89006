package io.salesbot.server.intake;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.salesbot.adapter.support.BoundedBody;
import io.salesbot.server.web.IntakeRequestTimer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpStatusCode;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code POST /api/v1/leads} answered on Reactor Netty's own route, ahead of WebFlux: the intake is
 * the hottest request, and WebFlux's way to it (the filter chain, the handler mapping through every
 * router function, the exchange, the codecs' look-up) cost about as much CPU as the intake's own
 * work (docs/benchmarks.md, issue 15). What those layers did for this one route is done here: the
 * webhook counted for {@code IngressFirst}, {@code http.server.requests} timed with the tags Spring
 * gives it ({@link IntakeRequestTimer}), a failure nobody foresaw answered as a problem without a
 * stack trace. The answers themselves are {@link IntakeHandler}'s, byte for byte, as through
 * WebFlux (which still answers any other form of the request, e.g. an absolute URI).
 */
public final class IntakeRoute implements NettyRouteProvider {
  private static final byte[] EMPTY = new byte[0];

  private final IntakeHandler intake;
  private final IntakeRequestTimer timer;
  private final Runnable arrived;
  private final String path;

  /**
   * @param basePath {@code spring.webflux.base-path}, or "" (none)
   * @param arrived counts one webhook (IngressFirst)
   */
  public IntakeRoute(
      IntakeHandler intake, IntakeRequestTimer timer, Runnable arrived, String basePath) {
    this.intake = intake;
    this.timer = timer;
    this.arrived = arrived;
    String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    this.path = base + IntakeRequestTimer.PATH;
  }

  @Override
  public HttpServerRoutes apply(HttpServerRoutes routes) {
    return routes.route(this::matches, this::handle);
  }

  /** {@code POST} to the path exactly (a query string aside), as the WebFlux route matches it. */
  boolean matches(HttpServerRequest request) {
    if (!HttpMethod.POST.equals(request.method())) {
      return false;
    }
    String uri = request.uri();
    int end = uri.indexOf('?');
    return end < 0 ? uri.equals(path) : end == path.length() && uri.startsWith(path);
  }

  private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    long start = System.nanoTime();
    arrived.run();
    return Mono.defer(() -> intake.answer(new NettyCall(request)))
        .map(answer -> new Outcome(answer, null))
        .onErrorResume(
            e -> {
              IntakeHandler.logFailure(e);
              return Mono.just(new Outcome(intake.failed(), e));
            })
        .flatMap(
            outcome ->
                write(response, outcome.answer())
                    .doOnSuccess(v -> timer.record(start, code(outcome.answer()), outcome.error()))
                    .doOnError(e -> timer.record(start, code(outcome.answer()), e)))
        .doOnCancel(() -> timer.record(start, null, null));
  }

  /** An answer, and what failed if it answers a failure. */
  private record Outcome(IntakeHandler.Answer answer, @Nullable Throwable error) {}

  private static Mono<Void> write(HttpServerResponse response, IntakeHandler.Answer answer) {
    response
        .status(answer.status())
        .header(HttpHeaderNames.CONTENT_TYPE, answer.type().toString())
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(answer.body().length));
    if (answer.retryAfterSeconds() > 0) {
      response.header(IntakeHandler.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
    }
    return response.sendByteArray(Mono.just(answer.body())).then();
  }

  private static HttpStatusCode code(IntakeHandler.Answer answer) {
    return HttpStatusCode.valueOf(answer.status());
  }

  /** The request as the intake reads it. */
  private record NettyCall(HttpServerRequest request) implements IntakeHandler.Call {
    @Override
    public @Nullable String first(String name) {
      return request.requestHeaders().get(name);
    }

    /**
     * The body copied out of Netty's buffers as they come (each is released after it is read): into
     * an array of the declared length, or a growing one for a chunked body, never past {@code
     * maxBytes}.
     */
    @Override
    public Mono<byte[]> body(int maxBytes) {
      long declared = IntakeHandler.declaredLength(this);
      if (declared > maxBytes) {
        return Mono.error(new BoundedBody.TooLarge(maxBytes));
      }
      return request
          .receive()
          .collect(() -> new Bytes(maxBytes, declared >= 0 ? (int) declared : 256), Bytes::add)
          .map(Bytes::toArray);
    }
  }

  /** A body being read, at most {@code max} bytes. */
  private static final class Bytes {
    private final int max;
    private byte[] bytes;
    private int size;

    Bytes(int max, int expected) {
      this.max = max;
      this.bytes = expected == 0 ? EMPTY : new byte[Math.min(expected, max)];
    }

    void add(ByteBuf buffer) {
      int n = buffer.readableBytes();
      if (size + n > max) {
        throw new BoundedBody.TooLarge(max);
      }
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(size + n, bytes.length * 2)));
      }
      buffer.readBytes(bytes, size, n);
      size += n;
    }

    byte[] toArray() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}
