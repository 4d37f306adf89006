package io.salesbot.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback stand-in for WeCom's and DingTalk's APIs, so that the server's outbound sends (the
 * replies to the benchmark's callbacks) succeed at once instead of failing against the real
 * platforms: {@code /cgi-bin/gettoken} and every other {@code /cgi-bin/*} answer errcode 0; {@code
 * /v1.0/oauth2/accessToken} a token and every other {@code /v1.0/*} an empty success. It counts the
 * calls per path, and hands each call to a {@link Listener} when one is given.
 */
final class PlatformStandIn implements AutoCloseable {
  /** Told of each call as it arrives (on the stand-in's threads): its path and request body. */
  interface Listener {
    void call(String path, byte[] body);
  }

  private final HttpServer server;
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final Listener listener;

  PlatformStandIn(int port) throws IOException {
    this(port, (path, body) -> {});
  }

  PlatformStandIn(int port, Listener listener) throws IOException {
    this.listener = listener;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    AtomicInteger n = new AtomicInteger();
    server.setExecutor(
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "stand-in-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::answer);
    server.start();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      calls.computeIfAbsent(path, p -> new LongAdder()).increment();
      listener.call(path, request);
      String body;
      if (path.equals("/cgi-bin/gettoken")) {
        body =
            "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"BENCH-TOKEN\",\"expires_in\":7200}";
      } else if (path.startsWith("/cgi-bin/")) {
        body =
            "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"BENCH\",\"response_code\":\"BENCH-RC\"}";
      } else if (path.equals("/v1.0/oauth2/accessToken")) {
        body = "{\"accessToken\":\"BENCH-DT-TOKEN\",\"expireIn\":7200}";
      } else {
        body =
            "{\"success\":true,\"result\":{\"deliverResults\":[]},\"processQueryKey\":\"BENCH\","
                + "\"invalidStaffIdList\":[],\"flowControlledStaffIdList\":[]}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** Calls so far, per path. */
  Map<String, Long> calls() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
