package io.salesbot.adapter.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.support.CallbackCrypto.CryptoException;
import io.salesbot.adapter.support.CallbackCrypto.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DingtalkCryptoTest {
  /** DingTalk's documented check (open.dingtalk.com, event-subscription-and-data-push FAQ). */
  static final String DOC_SIGNATURE = "9a95a004dd16f5c307e849b994173f76aa26e5eb";

  static final String DOC_TIMESTAMP = "1614767836";
  static final String DOC_NONCE = "A7Co0cJLMzIDtMMI";
  static final String DOC_ENCRYPT =
      "YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==";

  /** open-dingtalk/DingTalk-Callback-Crypto, DingCallbackCrypto3.py's test values. */
  static final String REPO_ENCRYPT =
      "0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3";

  private final DingtalkCrypto doc =
      new DingtalkCrypto(
          "123456", "1234567890123456789012345678901234567890123", "dingsnotzck6pm5veliw");

  @Test
  void decrypts_the_documented_vector_to_success() throws Exception {
    assertThat(doc.verifyAndDecrypt(DOC_SIGNATURE, DOC_TIMESTAMP, DOC_NONCE, DOC_ENCRYPT))
        .isEqualTo("success");
  }

  @Test
  void decrypts_the_official_repository_vector_to_check_url() throws Exception {
    DingtalkCrypto repo =
        new DingtalkCrypto(
            "mryue", "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7", "ding6ccabc44d2c8d38b");
    assertThat(
            repo.verifyAndDecrypt(
                "03044561471240d4a14bb09372dfcfd4fd0e40cb",
                "1608001896814",
                "WL4PK6yA",
                REPO_ENCRYPT))
        .isEqualTo("{\"EventType\":\"check_url\"}");
  }

  @Test
  void the_success_map_decrypts_back_and_is_signed() throws Exception {
    Map<String, String> map =
        doc.encryptedMap("success", "1614767836000", "nonce0123456789a", "ABCDEFGHIJKLMNOP");
    assertThat(map).containsOnlyKeys("msg_signature", "timeStamp", "nonce", "encrypt");
    assertThat(
            doc.verifyAndDecrypt(
                map.get("msg_signature"),
                map.get("timeStamp"),
                map.get("nonce"),
                map.get("encrypt")))
        .isEqualTo("success");
  }

  @Test
  void rejects_a_tampered_signature() {
    assertThatThrownBy(
            () ->
                doc.verifyAndDecrypt(
                    "0" + DOC_SIGNATURE.substring(1), DOC_TIMESTAMP, DOC_NONCE, DOC_ENCRYPT))
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_SIGNATURE));
  }

  @Test
  void rejects_a_message_for_another_app() {
    DingtalkCrypto other =
        new DingtalkCrypto("123456", "1234567890123456789012345678901234567890123", "dingother");
    assertThatThrownBy(
            () -> other.verifyAndDecrypt(DOC_SIGNATURE, DOC_TIMESTAMP, DOC_NONCE, DOC_ENCRYPT))
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_RECEIVER));
  }

  @Test
  void robot_sign_matches_an_independent_hmac() throws Exception {
    String secret = "this is a secret";
    String timestamp = "1577262236757";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        Base64.getEncoder()
            .encodeToString(
                mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    assertThat(DingtalkCrypto.robotSign(timestamp, secret)).isEqualTo(expected);
    assertThat(DingtalkCrypto.robotSignMatches(timestamp, expected, secret)).isTrue();
    assertThat(DingtalkCrypto.robotSignMatches(timestamp, expected, secret + "x")).isFalse();
    assertThat(DingtalkCrypto.robotSignMatches("1577262236758", expected, secret)).isFalse();
  }
}
