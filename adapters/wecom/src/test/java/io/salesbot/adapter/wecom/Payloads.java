package io.salesbot.adapter.wecom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;

/**
 * The test app (Tencent's official sample credentials) and the recorded callbacks under {@code
 * payloads/wecom/}: each file is the query string on its first line and the POST body after it,
 * encrypted with WxJava's {@link WxCpCryptUtil}. {@link PayloadFilesTest} regenerates them on
 * request.
 */
final class Payloads {
  static final String TOKEN = "QDG6eK";
  static final String AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
  static final String CORP_ID = "wx5823bf96d3bd56c7";
  static final int AGENT_ID = 1000002;
  static final String SECRET = "test-secret";

  /** When the recorded callbacks were signed. */
  static final long SIGNED_AT = 1735700000L;

  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT), ZoneOffset.UTC);

  static final WecomSettings.App APP = new WecomSettings.App(AGENT_ID, SECRET, TOKEN, AES_KEY);

  static WecomSettings settings(String apiBaseUrl) {
    return WecomSettings.of(CORP_ID, apiBaseUrl, List.of(APP));
  }

  record Payload(String query, String body) {}

  static Payload load(String name) {
    try (InputStream in = Payloads.class.getResourceAsStream("/payloads/wecom/" + name + ".txt")) {
      String text =
          new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      return new Payload(text.substring(0, nl).strip(), text.substring(nl + 1).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String plain(String name) {
    try (InputStream in = Payloads.class.getResourceAsStream("/payloads/wecom/" + name + ".xml")) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8)
          .strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encrypts and signs a plaintext callback as WeCom would, for the corp {@code receiveId}. */
  static Payload encrypt(String plainXml, String receiveId, long timestamp, String nonce) {
    WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
    config.setCorpId(receiveId);
    config.setToken(TOKEN);
    config.setAesKey(AES_KEY);
    String encrypt = new WxCpCryptUtil(config).encrypt("0123456789abcdef", plainXml);
    String ts = Long.toString(timestamp);
    String signature = SHA1.gen(TOKEN, ts, nonce, encrypt);
    String body =
        "<xml><ToUserName><![CDATA["
            + receiveId
            + "]]></ToUserName><AgentID><![CDATA["
            + AGENT_ID
            + "]]></AgentID><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";
    return new Payload("msg_signature=" + signature + "&timestamp=" + ts + "&nonce=" + nonce, body);
  }

  static void write(Path dir, String name, Payload p) throws IOException {
    Files.writeString(dir.resolve(name + ".txt"), p.query() + "\n" + p.body() + "\n");
  }

  private Payloads() {}
}
