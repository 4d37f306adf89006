package io.salesbot.server.e2e;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;

/**
 * WeCom's side of a callback to salesbot, as WeCom builds it: the plain XML of a message or card
 * click, encrypted and signed with the app's token and key (Tencent's official test vector). Shared
 * by the single-server WeCom flows ({@link WecomSupport}) and the fault suite's {@link Cluster}.
 */
final class WecomCallbackSigning {
  static final String TOKEN = "QDG6eK";
  static final String AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
  static final String CORP_ID = "wx5823bf96d3bd56c7";
  static final int AGENT_ID = 1000002;

  private WecomCallbackSigning() {}

  static WxCpCryptUtil crypt() {
    WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
    config.setCorpId(CORP_ID);
    config.setToken(TOKEN);
    config.setAesKey(AES_KEY);
    return new WxCpCryptUtil(config);
  }

  /** A signed callback, ready to POST: its path and query, and its XML body. */
  record Callback(String pathAndQuery, String body) {}

  static Callback encrypted(String plainXml) {
    String encrypt = crypt().encrypt(randomText(16), plainXml);
    String uri = signedPath(encrypt);
    String body =
        "<xml><ToUserName><![CDATA["
            + CORP_ID
            + "]]></ToUserName><AgentID><![CDATA["
            + AGENT_ID
            + "]]></AgentID><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";
    return new Callback(uri, body);
  }

  /** The callback path with a fresh timestamp and nonce and the signature over {@code encrypt}. */
  static String signedPath(String encrypt) {
    String ts = Long.toString(Instant.now().getEpochSecond());
    String nonce = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000_000));
    return "/callbacks/wecom/"
        + AGENT_ID
        + "?msg_signature="
        + SHA1.gen(TOKEN, ts, nonce, encrypt)
        + "&timestamp="
        + ts
        + "&nonce="
        + nonce;
  }

  private static String randomText(int length) {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
    }
    return out.toString();
  }

  /** The start of a message's plain XML: to the corp, from {@code user}, now. */
  private static String from(String user) {
    return "<xml><ToUserName><![CDATA["
        + CORP_ID
        + "]]></ToUserName><FromUserName><![CDATA["
        + user
        + "]]></FromUserName><CreateTime>"
        + Instant.now().getEpochSecond()
        + "</CreateTime>";
  }

  /** The plain XML of a text message typed by {@code user}. */
  static String textXml(String user, String content) {
    return from(user)
        + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
        + content
        + "]]></Content><MsgId>"
        + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)
        + "</MsgId><AgentID>"
        + AGENT_ID
        + "</AgentID></xml>";
  }

  /** The plain XML of a button click on a template card ({@code template_card_event}). */
  static String clickXml(String user, String taskId, String eventKey, String responseCode) {
    return from(user)
        + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event>"
        + "<EventKey><![CDATA["
        + eventKey
        + "]]></EventKey><TaskId><![CDATA["
        + taskId
        + "]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA["
        + responseCode
        + "]]></ResponseCode><AgentID>"
        + AGENT_ID
        + "</AgentID><SelectedItems></SelectedItems></xml>";
  }
}
