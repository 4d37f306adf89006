package io.salesbot.bench;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.salesbot.core.lead.IntakeSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * What the load generators share: option parsing helpers, the loopback-only rule, the HTTP client,
 * signed requests to the intake and records APIs and the wait for the server to be UP.
 */
final class BenchSupport {
  private BenchSupport() {}

  /** The arguments {@code --name=value} by name, in order; a clear message for anything else. */
  static Map<String, String> arguments(String[] args) {
    Map<String, String> given = new java.util.LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("arguments look like --name=value, not '" + arg + "'");
      }
      int eq = arg.indexOf('=');
      given.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return given;
  }

  /** A benchmark's body: runs with its {@code --name=value} options, answers the exit status. */
  interface Body {
    int run(Map<String, String> options) throws Exception;
  }

  /**
   * Runs a benchmark's {@code main} and exits: 2 for arguments not of the form {@code --name=value}
   * or refused ({@link IllegalArgumentException}), 1 when it failed, else its status.
   */
  static void main(String name, String[] argv, Body body) {
    Map<String, String> given;
    try {
      given = arguments(argv);
    } catch (IllegalArgumentException e) {
      System.err.println(name + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    int code;
    try {
      code = body.run(given);
    } catch (IllegalArgumentException e) {
      System.err.println(name + ": " + e.getMessage());
      code = 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 1;
    } catch (Exception e) {
      System.err.println(name + " failed: " + e);
      code = 1;
    }
    System.exit(code);
  }

  /** The value of {@code --name}, removed from {@code args}; {@code fallback} when absent. */
  static String text(Map<String, String> args, String name, String fallback) {
    String v = args.remove(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  /** A whole number from {@code min} to {@code max}; a clear message otherwise. */
  static int number(Map<String, String> args, String name, int fallback, int min, int max) {
    String v = args.remove(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.strip().replace("_", ""));
      if (n < min || n > max) {
        throw new IllegalArgumentException(
            "--" + name + " must be from " + min + " to " + max + ", not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + v + "'");
    }
  }

  /** Load tests target this machine only. */
  static void requireLoopback(URI uri) {
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("--base-url must be http://<loopback host>:<port>");
    }
    try {
      if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "--base-url must point at this machine's loopback (127.0.0.1), not " + uri.getHost());
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host in --base-url: " + uri.getHost(), e);
    }
  }

  /** A connection pool whose callers wait at most {@code timeoutSeconds} for a connection. */
  static ConnectionProvider pool(String name, int maxConnections, int timeoutSeconds) {
    return ConnectionProvider.builder(name)
        .maxConnections(maxConnections)
        .pendingAcquireMaxCount(-1)
        .pendingAcquireTimeout(Duration.ofSeconds(timeoutSeconds))
        .build();
  }

  /** An HTTP client on {@code pool}; a response is awaited at most {@code timeoutSeconds}. */
  static HttpClient client(ConnectionProvider pool, URI baseUrl, int timeoutSeconds) {
    return HttpClient.create(pool)
        .baseUrl(baseUrl.toString())
        .responseTimeout(Duration.ofSeconds(timeoutSeconds));
  }

  /** Whether {@code /actuator/health} says UP within 60 s (a busy machine answers slowly). */
  static boolean healthy(HttpClient http) throws InterruptedException {
    return healthy(http, 60);
  }

  /**
   * Whether {@code /actuator/health} says UP within {@code seconds}: long enough for a server that
   * the script starts only after this generator (whose platform stand-in it needs from its start).
   */
  static boolean healthy(HttpClient http, int seconds) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < until) {
      String body =
          http.get()
              .uri("/actuator/health")
              .responseSingle((r, b) -> b.asString().defaultIfEmpty(""))
              .timeout(Duration.ofSeconds(5))
              .onErrorResume(e -> Mono.just(""))
              .block();
      if (body != null && body.contains("\"status\":\"UP\"")) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  /**
   * The server's process id: {@code given} when above 0, else the number in {@code file}, which the
   * script writes once the server is UP (waited for up to 30 s); 0 when neither is known.
   */
  static long serverPid(long given, Path file) throws IOException, InterruptedException {
    if (given > 0 || file.toString().isEmpty()) {
      return given;
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      if (Files.exists(file)) {
        String pid = Files.readString(file).strip();
        if (!pid.isEmpty()) {
          return Long.parseLong(pid);
        }
      }
      Thread.sleep(100); // the script writes the file once the server is UP
    }
    return 0;
  }

  /**
   * Signs request bodies for one source of salesbot's signed APIs.
   *
   * @param source the intake or records source, e.g. {@code demo}
   * @param secret its secret
   */
  record Signer(String source, String secret) {
    /** {@code body} signed now. */
    Signed sign(byte[] body) {
      return new Signed(
          source, IntakeSignature.sign(secret, System.currentTimeMillis() / 1000, body), body);
    }
  }

  /**
   * A JSON body signed for salesbot's signed APIs ({@code POST /api/v1/leads}, {@code POST
   * /api/v1/records}): the source's name in {@code X-Salesbot-Source} and, in {@code
   * X-Salesbot-Signature}, the body's HMAC with the source's secret at the current second ({@link
   * IntakeSignature}). One helper for every generator, whichever HTTP client it uses.
   *
   * @param source the intake or records source
   * @param signature the {@code X-Salesbot-Signature} value
   * @param body the JSON body
   */
  record Signed(String source, String signature, byte[] body) {
    static final String SOURCE_HEADER = "X-Salesbot-Source";
    static final String SIGNATURE_HEADER = "X-Salesbot-Signature";

    /**
     * A {@code POST} of this body to {@code path} with Reactor Netty. The headers go on the request
     * itself (not a new client per request), and the body is wrapped anew for each attempt.
     */
    HttpClient.ResponseReceiver<?> post(HttpClient http, String path) {
      return http.post()
          .uri(path)
          .send(
              (request, out) -> {
                request
                    .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .header(SOURCE_HEADER, source)
                    .header(SIGNATURE_HEADER, signature);
                return out.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
              });
    }

    /** The same {@code POST} to {@code uri} with {@code java.net.http}. */
    HttpRequest.Builder request(URI uri) {
      return HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/json")
          .header(SOURCE_HEADER, source)
          .header(SIGNATURE_HEADER, signature)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
  }
}
