package io.salesbot.adapter.wechatmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.junit.jupiter.api.Test;

/**
 * The recorded callbacks are what WxJava's crypto produces for the test account; run with {@code
 * -Dpayloads.write=true} to rewrite them.
 */
class PayloadFilesTest {
  @Test
  void recorded_callbacks_match_what_wxjava_signs_and_encrypts() throws IOException {
    Map<String, Payloads.Payload> all = Payloads.all();
    if (Boolean.getBoolean("payloads.write")) {
      Path dir = Path.of("src/test/resources/payloads/wechat-mp");
      Files.createDirectories(dir);
      for (Map.Entry<String, Payloads.Payload> e : all.entrySet()) {
        Files.writeString(
            dir.resolve(e.getKey() + ".txt"),
            e.getValue().query() + "\n" + e.getValue().body() + "\n",
            StandardCharsets.UTF_8);
      }
    }
    for (Map.Entry<String, Payloads.Payload> e : all.entrySet()) {
      assertThat(Payloads.load(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void wxjava_decrypts_the_safe_mode_files_with_the_appid_as_receiveid() {
    Payloads.Payload p = Payloads.load("subscribe-scene-aes");
    WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
    config.setAppId(Payloads.APP_ID);
    config.setToken(Payloads.TOKEN);
    config.setAesKey(Payloads.AES_KEY);
    Map<String, String> q = MpCallbacksTest.query(p.query());

    WxMpXmlMessage m =
        WxMpXmlMessage.fromEncryptedXml(
            p.body(), config, q.get("timestamp"), q.get("nonce"), q.get("msg_signature"));

    assertThat(m.getEvent()).isEqualTo("subscribe");
    assertThat(m.getEventKey()).isEqualTo("qrscene_expo2026");
    assertThat(m.getFromUser()).isEqualTo(Payloads.OPEN_ID);
  }
}
