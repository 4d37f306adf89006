package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A kept-alive HTTP/1.1 connection keeps answering. Reactor Netty 1.3.6 stopped reading a
 * connection after a request that arrived while the previous one was still finishing was served
 * from its queue (reactor-netty#4361): the next request on that connection sat unread until the
 * client gave up — the intermittent 20 s hangs of these end-to-end tests, and a stalled platform
 * callback in production. A request answered asynchronously (readiness reads PostgreSQL) and one
 * answered at once (a 404), written together, then a third on the same connection.
 */
class KeepAliveConnectionTest extends EndToEndSupport {
  private static final int ROUNDS = 30;
  private static final int READ_TIMEOUT_MS = 10_000;

  @LocalServerPort int port;

  @Test
  void a_connection_answers_the_request_after_two_written_together() throws IOException {
    for (int round = 0; round < ROUNDS; round++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(READ_TIMEOUT_MS);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write((get("/actuator/health/readiness") + get("/no-such-page")).getBytes());
        out.flush();
        assertThat(status(in)).as("round %d, first response", round).isEqualTo(200);
        assertThat(status(in)).as("round %d, second response", round).isEqualTo(404);
        out.write(get("/actuator/health/liveness").getBytes());
        out.flush();
        int third;
        try {
          third = status(in);
        } catch (SocketTimeoutException e) {
          throw new AssertionError(
              "round " + round + ": the server never read the third request on the connection", e);
        }
        assertThat(third).as("round %d, third response", round).isEqualTo(200);
      }
    }
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n";
  }

  /** Reads one whole response (fixed length or chunked) and returns its status code. */
  private static int status(InputStream in) throws IOException {
    String head = line(in);
    int status = Integer.parseInt(head.split(" ")[1]);
    long length = 0;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (!chunked) {
      in.readNBytes((int) length);
      return status;
    }
    for (int size = Integer.parseInt(line(in).trim(), 16);
        size > 0;
        size = Integer.parseInt(line(in).trim(), 16)) {
      in.readNBytes(size);
      line(in);
    }
    line(in);
    return status;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
