package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * WeCom end to end: an encrypted callback in at {@code /callbacks/wecom/{agentId}}, the reply out
 * at a stand-in for WeCom's API (a tiny HTTP server; WxJava is pointed at it).
 */
class WecomCallbackFlowTest extends EndToEndSupport {
  static final String TOKEN = "QDG6eK";
  static final String AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
  static final String CORP_ID = "wx5823bf96d3bd56c7";
  static final int AGENT_ID = 1000002;

  record Call(String path, String query, String body) {}

  static final List<Call> calls = new CopyOnWriteArrayList<>();
  static final HttpServer wecomApi = startWecomApi();

  private static HttpServer startWecomApi() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/cgi-bin/", WecomCallbackFlowTest::answer);
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    calls.add(new Call(path, String.valueOf(exchange.getRequestURI().getQuery()), body));
    String answer =
        path.endsWith("/gettoken")
            ? "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"E2E-TOKEN\",\"expires_in\":7200}"
            : "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"MSG-E2E\"}";
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Value("${local.server.port}")
  int port;

  private URI local(String pathAndQuery) {
    return URI.create("http://localhost:" + port + pathAndQuery);
  }

  @AfterAll
  static void stopWecomApi() {
    wecomApi.stop(0);
  }

  @DynamicPropertySource
  static void wecom(DynamicPropertyRegistry registry) {
    // Its own Redis streams: this context's sandbox and workers must not take the entries of
    // the other test contexts alive in the same JVM (each keeps its sandbox inbox in memory).
    registry.add("salesbot.pipeline.key-prefix", () -> "it-wecom");
    // PostgreSQL is shared with the other contexts: leave its due timers and the leads parked
    // while Redis was down to the default context, whose tests wait for their effects.
    registry.add("salesbot.sla.poll-interval", () -> "1h");
    registry.add("salesbot.pipeline.relay-interval", () -> "1h");
    registry.add("salesbot.wecom.enabled", () -> "true");
    registry.add("salesbot.wecom.corp-id", () -> CORP_ID);
    registry.add(
        "salesbot.wecom.api-base-url", () -> "http://127.0.0.1:" + wecomApi.getAddress().getPort());
    registry.add("salesbot.wecom.apps." + AGENT_ID + ".secret", () -> "e2e-secret");
    registry.add("salesbot.wecom.apps." + AGENT_ID + ".token", () -> TOKEN);
    registry.add("salesbot.wecom.apps." + AGENT_ID + ".aes-key", () -> AES_KEY);
  }

  private static WxCpCryptUtil crypt() {
    WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
    config.setCorpId(CORP_ID);
    config.setToken(TOKEN);
    config.setAesKey(AES_KEY);
    return new WxCpCryptUtil(config);
  }

  private static String query(String encrypt, String extra) {
    String ts = Long.toString(Instant.now().getEpochSecond());
    String nonce = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000));
    return "/callbacks/wecom/"
        + AGENT_ID
        + "?msg_signature="
        + SHA1.gen(TOKEN, ts, nonce, encrypt)
        + "&timestamp="
        + ts
        + "&nonce="
        + nonce
        + extra;
  }

  @Test
  void answers_url_verification() {
    String encrypt = crypt().encrypt("0123456789abcdef", "echo-4711");
    String body =
        http.get()
            .uri(
                local(
                    query(
                        encrypt, "&echostr=" + URLEncoder.encode(encrypt, StandardCharsets.UTF_8))))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body).isEqualTo("echo-4711");
  }

  @Test
  void a_help_command_typed_in_wecom_is_answered_through_the_wecom_api() {
    String user = "E2E" + ThreadLocalRandom.current().nextInt(1_000_000);
    String plain =
        "<xml><ToUserName><![CDATA["
            + CORP_ID
            + "]]></ToUserName><FromUserName><![CDATA["
            + user
            + "]]></FromUserName><CreateTime>"
            + Instant.now().getEpochSecond()
            + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[/help]]></Content><MsgId>"
            + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)
            + "</MsgId><AgentID>"
            + AGENT_ID
            + "</AgentID></xml>";
    String encrypt = crypt().encrypt("0123456789abcdef", plain);
    String body =
        "<xml><ToUserName><![CDATA["
            + CORP_ID
            + "]]></ToUserName><AgentID><![CDATA["
            + AGENT_ID
            + "]]></AgentID><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";
    String uri = query(encrypt, "");

    http.post()
        .uri(local(uri))
        .contentType(MediaType.TEXT_XML)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .isEmpty();
    // WeCom's retry of the same callback changes nothing.
    http.post()
        .uri(local(uri))
        .contentType(MediaType.TEXT_XML)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk();

    Call sent =
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    calls.stream()
                        .filter(c -> c.path().equals("/cgi-bin/message/send"))
                        .filter(c -> c.body().contains("\"touser\":\"" + user + "\""))
                        .findFirst()
                        .orElse(null),
                c -> c != null);
    assertThat(sent.body()).contains("\"msgtype\":\"text\"").contains("/help");
    assertThat(sent.query()).contains("access_token=E2E-TOKEN");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(
            () ->
                calls.stream()
                    .filter(c -> c.body().contains("\"touser\":\"" + user + "\""))
                    .count(),
            n -> n == 1);
  }

  @Test
  void refuses_a_callback_with_a_bad_signature() {
    String encrypt = crypt().encrypt("0123456789abcdef", "<xml><MsgType>text</MsgType></xml>");
    http.post()
        .uri(local(query(encrypt, "").replace("msg_signature=", "msg_signature=0")))
        .contentType(MediaType.TEXT_XML)
        .bodyValue("<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }
}
