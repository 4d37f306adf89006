package io.salesbot.adapter.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.adapter.support.CallbackCrypto;
import io.salesbot.adapter.support.CallbackXml;
import java.util.List;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.junit.jupiter.api.Test;

/** The recorded callbacks decrypt (with WxJava and with ours) to their plaintext files. */
class PayloadFilesTest {
  /** Plaintext name → recorded callback name; the last one is signed for another corp. */
  static final List<String[]> FILES =
      List.of(
          new String[] {"text-help", "text-help", Payloads.CORP_ID},
          new String[] {"text-hello", "text-hello", Payloads.CORP_ID},
          new String[] {"template-card-click", "template-card-click", Payloads.CORP_ID},
          new String[] {"enter-agent", "enter-agent", Payloads.CORP_ID},
          new String[] {"change-contact", "change-contact", Payloads.CORP_ID},
          new String[] {"image", "image", Payloads.CORP_ID},
          new String[] {"text-help", "text-help-other-corp", "ww0000000000000000"});

  @Test
  void recorded_callbacks_decrypt_to_their_plaintext_with_wxjava_and_with_ours() throws Exception {
    WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
    config.setCorpId(Payloads.CORP_ID);
    config.setToken(Payloads.TOKEN);
    config.setAesKey(Payloads.AES_KEY);
    WxCpCryptUtil wx = new WxCpCryptUtil(config);
    CallbackCrypto ours =
        new CallbackCrypto(Payloads.TOKEN, Payloads.AES_KEY, Payloads.CORP_ID, "corp");
    for (String[] f : FILES.subList(0, FILES.size() - 1)) {
      Payloads.Payload p = Payloads.load(f[1]);
      String signature = param(p.query(), "msg_signature");
      String timestamp = param(p.query(), "timestamp");
      String nonce = param(p.query(), "nonce");
      String encrypt = CallbackXml.fields(p.body()).get("Encrypt");
      assertThat(wx.decryptXml(signature, timestamp, nonce, p.body()))
          .as(f[1])
          .isEqualTo(Payloads.plain(f[0]));
      assertThat(ours.verifyAndDecrypt(signature, timestamp, nonce, encrypt))
          .as(f[1])
          .isEqualTo(Payloads.plain(f[0]));
    }
  }

  static String param(String query, String name) {
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new IllegalArgumentException(name);
  }
}
