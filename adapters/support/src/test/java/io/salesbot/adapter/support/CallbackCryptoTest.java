package io.salesbot.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.support.CallbackCrypto.CryptoException;
import io.salesbot.adapter.support.CallbackCrypto.Failure;
import org.junit.jupiter.api.Test;

/**
 * The shared envelope; the official WeCom and DingTalk vectors are checked in their adapters'
 * tests, against this class.
 */
class CallbackCryptoTest {
  private static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
  private final CallbackCrypto crypto =
      new CallbackCrypto("QDG6eK", KEY, "wx5823bf96d3bd56c7", "corp");

  @Test
  void what_it_encrypts_it_verifies_and_decrypts() throws CryptoException {
    String encrypt = crypto.encrypt("0123456789abcdef", "<xml>你好</xml>");
    String signature = crypto.signature("1409659813", "263014780", encrypt);

    assertThat(crypto.verifyAndDecrypt(signature.toUpperCase(), "1409659813", "263014780", encrypt))
        .isEqualTo("<xml>你好</xml>");
    assertThat(CallbackCrypto.open(KEY, encrypt).receiver()).isEqualTo("wx5823bf96d3bd56c7");
  }

  @Test
  void refuses_a_wrong_signature_a_wrong_receiver_and_garbage() {
    String encrypt = crypto.encrypt("0123456789abcdef", "hello");
    CallbackCrypto other = new CallbackCrypto("QDG6eK", KEY, "ww-other", "corp");
    String signature = crypto.signature("1", "2", encrypt);

    assertThatThrownBy(
            () -> crypto.verifyAndDecrypt("0" + signature.substring(1), "1", "2", encrypt))
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_SIGNATURE));
    assertThatThrownBy(() -> other.verifyAndDecrypt(signature, "1", "2", encrypt))
        .isInstanceOfSatisfying(
            CryptoException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.WRONG_RECEIVER);
              assertThat(e).hasMessage("the message is for another corp");
            });
    String garbage = "not base64!";
    String garbageSignature = crypto.signature("1", "2", garbage);
    assertThatThrownBy(() -> crypto.verifyAndDecrypt(garbageSignature, "1", "2", garbage))
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.failure()).isEqualTo(Failure.MALFORMED));
    assertThatThrownBy(() -> crypto.open("AAAA"))
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.failure()).isEqualTo(Failure.MALFORMED));
  }

  @Test
  void a_key_that_is_not_32_bytes_is_refused_at_construction() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CallbackCrypto("t", "short", "r", "corp"))
        .withMessageContaining("AES key");
  }
}
