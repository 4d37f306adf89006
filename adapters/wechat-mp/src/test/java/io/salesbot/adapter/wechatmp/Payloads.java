package io.salesbot.adapter.wechatmp;

import io.salesbot.core.kernel.domain.Priority;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * The test account — the credentials of WeChat's official message-crypto sample (token {@code
 * pamtest}, AppID {@code wxb11529c136998cb6}) — and the recorded callbacks under {@code
 * payloads/wechat-mp/}: first line the query string, then the POST body. Plain-mode files carry
 * {@code signature}; safe-mode files are encrypted with WxJava's own {@link WxCryptUtil} and carry
 * {@code encrypt_type=aes} and {@code msg_signature} too. {@link PayloadFilesTest} regenerates
 * them.
 */
final class Payloads {
  static final String APP_ID = "wxb11529c136998cb6";
  static final String TOKEN = "pamtest";
  static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static final String SECRET = "test-secret";
  static final String PLAIN_APP_ID = "wx0000000000plain";
  static final String OPEN_ID = "oUser1-FollowerOpenId00000";
  static final long SIGNED_AT = 1735700000L;
  static final String NONCE = "1320562132";
  static final String RANDOM = "aaaabbbbccccdddd";

  static WechatMpSettings settings(String apiBaseUrl) {
    return settings(apiBaseUrl, WechatMpSettings.Limits.defaults());
  }

  static WechatMpSettings settings(String apiBaseUrl, WechatMpSettings.Limits limits) {
    Map<String, WechatMpSettings.Account> accounts = new LinkedHashMap<>();
    accounts.put(APP_ID, new WechatMpSettings.Account(APP_ID, SECRET, TOKEN, AES_KEY));
    accounts.put(PLAIN_APP_ID, new WechatMpSettings.Account(PLAIN_APP_ID, SECRET, TOKEN, null));
    return new WechatMpSettings(
        apiBaseUrl,
        "https://leads.example.com/",
        accounts,
        Map.of(
            "expo2026",
            new WechatMpSettings.Campaign(
                "expo2026", "wechat-expo", "2026 上海展会", "华东", "CRM", Priority.HOT)),
        Map.of(
            "trial",
            new WechatMpSettings.Form(
                "trial",
                APP_ID,
                "wechat-form",
                "免费试用申请",
                "留下联系方式，顾问 1 个工作日内联系您",
                List.of("name", "phone", "company", "region", "product", "message"),
                List.of("name", "phone"),
                List.of("华东", "华北", "华南"),
                List.of("CRM", "ERP"),
                true)),
        List.of("咨询", "报价", "试用"),
        Map.of(),
        limits);
  }

  static WechatMpSettings.Limits limits(int perIp, int perOpenId) {
    return new WechatMpSettings.Limits(perIp, perOpenId, Duration.ofMinutes(10), 16 * 1024);
  }

  record Payload(String query, String body) {}

  static Payload load(String name) {
    try (InputStream in =
        Payloads.class.getResourceAsStream("/payloads/wechat-mp/" + name + ".txt")) {
      String text =
          new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      return new Payload(text.substring(0, nl).strip(), text.substring(nl + 1).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A plain-mode callback: signature over token, timestamp and nonce. */
  static Payload plain(String xml, long timestamp, String nonce) {
    String ts = Long.toString(timestamp);
    return new Payload(
        "signature=" + SHA1.gen(TOKEN, ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce, xml);
  }

  /** A safe-mode callback, encrypted with receiveid = AppID as WeChat does. */
  static Payload encrypted(String xml, long timestamp, String nonce) {
    String ts = Long.toString(timestamp);
    String encrypt = new WxCryptUtil(TOKEN, AES_KEY, APP_ID).encrypt(RANDOM, xml);
    String body =
        "<xml><ToUserName><![CDATA[gh_salesbot]]></ToUserName><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";
    return new Payload(
        "signature="
            + SHA1.gen(TOKEN, ts, nonce)
            + "&timestamp="
            + ts
            + "&nonce="
            + nonce
            + "&openid="
            + OPEN_ID
            + "&encrypt_type=aes&msg_signature="
            + SHA1.gen(TOKEN, ts, nonce, encrypt),
        body);
  }

  static String event(String event, String eventKey, long createTime) {
    return "<xml><ToUserName><![CDATA[gh_salesbot]]></ToUserName>"
        + "<FromUserName><![CDATA["
        + OPEN_ID
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA["
        + event
        + "]]></Event><EventKey><![CDATA["
        + eventKey
        + "]]></EventKey><Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==]]></Ticket></xml>";
  }

  static String text(String content, long msgId, long createTime) {
    return "<xml><ToUserName><![CDATA[gh_salesbot]]></ToUserName>"
        + "<FromUserName><![CDATA["
        + OPEN_ID
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
        + content
        + "]]></Content><MsgId>"
        + msgId
        + "</MsgId></xml>";
  }

  /** Every recorded file, by name. */
  static Map<String, Payload> all() {
    Map<String, Payload> m = new LinkedHashMap<>();
    m.put(
        "subscribe-scene",
        plain(event("subscribe", "qrscene_expo2026", SIGNED_AT), SIGNED_AT, NONCE));
    m.put("scan-scene", plain(event("SCAN", "expo2026", SIGNED_AT + 60), SIGNED_AT + 60, NONCE));
    m.put(
        "subscribe-scene-aes",
        encrypted(event("subscribe", "qrscene_expo2026", SIGNED_AT + 120), SIGNED_AT + 120, NONCE));
    m.put(
        "text-keyword-aes",
        encrypted(
            text("你好，我想咨询一下报价", 23456789012345678L, SIGNED_AT + 180), SIGNED_AT + 180, NONCE));
    m.put(
        "text-keyword",
        plain(text("试用", 23456789012345679L, SIGNED_AT + 200), SIGNED_AT + 200, NONCE));
    m.put(
        "text-other",
        plain(text("谢谢", 23456789012345680L, SIGNED_AT + 210), SIGNED_AT + 210, NONCE));
    m.put(
        "menu-view",
        plain(
            event("VIEW", "https://leads.example.com/forms/trial", SIGNED_AT + 240),
            SIGNED_AT + 240,
            NONCE));
    m.put(
        "subscribe-unknown-scene",
        plain(event("subscribe", "qrscene_nosuch", SIGNED_AT + 300), SIGNED_AT + 300, NONCE));
    return m;
  }
}
