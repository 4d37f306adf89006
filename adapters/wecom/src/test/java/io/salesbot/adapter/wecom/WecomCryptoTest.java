package io.salesbot.adapter.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.support.CallbackCrypto;
import io.salesbot.adapter.support.CallbackCrypto.CryptoException;
import io.salesbot.adapter.support.CallbackCrypto.Failure;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.junit.jupiter.api.Test;

/** Tencent's official vector (weworkapi_golang sample.go, VerifyURL) and our own payloads. */
class WecomCryptoTest {
  static final String SIGNATURE = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
  static final String TIMESTAMP = "1409659589";
  static final String NONCE = "263014780";
  static final String ECHOSTR =
      "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

  private final CallbackCrypto crypto =
      new CallbackCrypto(Payloads.TOKEN, Payloads.AES_KEY, Payloads.CORP_ID, "corp");

  @Test
  void official_vector_signs_and_decrypts_the_echostr() throws Exception {
    assertThat(crypto.signature(TIMESTAMP, NONCE, ECHOSTR)).isEqualTo(SIGNATURE);
    assertThat(crypto.verifyAndDecrypt(SIGNATURE, TIMESTAMP, NONCE, ECHOSTR))
        .isEqualTo("1616140317555161061");
  }

  @Test
  void wxjava_agrees_on_the_official_vector() {
    WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
    config.setCorpId(Payloads.CORP_ID);
    config.setToken(Payloads.TOKEN);
    config.setAesKey(Payloads.AES_KEY);
    assertThat(new WxCpCryptUtil(config).decryptContent(SIGNATURE, TIMESTAMP, NONCE, ECHOSTR))
        .isEqualTo("1616140317555161061");
  }

  @Test
  void rejects_a_wrong_signature() {
    String wrong = "0" + SIGNATURE.substring(1);
    assertThatThrownBy(() -> crypto.verifyAndDecrypt(wrong, TIMESTAMP, NONCE, ECHOSTR))
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_SIGNATURE));
    assertThatThrownBy(() -> crypto.verifyAndDecrypt(SIGNATURE, "1409659590", NONCE, ECHOSTR))
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_SIGNATURE));
  }

  @Test
  void rejects_a_message_for_another_corp() {
    CallbackCrypto other =
        new CallbackCrypto(Payloads.TOKEN, Payloads.AES_KEY, "ww1111111111111111", "corp");
    assertThatThrownBy(() -> other.verifyAndDecrypt(SIGNATURE, TIMESTAMP, NONCE, ECHOSTR))
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_RECEIVER));
  }

  @Test
  void rejects_garbage_that_is_correctly_signed() {
    for (String garbage : new String[] {"not base64!", "AAAA", "QUJDREVGR0hJSktMTU5PUA=="}) {
      String signature = crypto.signature(TIMESTAMP, NONCE, garbage);
      assertThatThrownBy(() -> crypto.verifyAndDecrypt(signature, TIMESTAMP, NONCE, garbage))
          .as(garbage)
          .isInstanceOfSatisfying(
              CryptoException.class, e -> assertThat(e.failure()).isEqualTo(Failure.MALFORMED));
    }
  }
}
