package io.salesbot.adapter.wechatmp;

import io.salesbot.adapter.support.CallbackCrypto;
import io.salesbot.adapter.support.CallbackCrypto.CryptoException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the receiveid (the AppID the message was encrypted for) out of a safe-mode envelope. WxJava
 * 4.7.3.B decrypts without checking it, so a message encrypted for another account with the same
 * key would otherwise pass. The envelope is the one WeCom and DingTalk use ({@link
 * CallbackCrypto}).
 */
final class ReceiveId {
  private static final Pattern ENCRYPT =
      Pattern.compile("<Encrypt>\\s*(?:<!\\[CDATA\\[)?([A-Za-z0-9+/=\\s]+?)(?:]]>)?\\s*</Encrypt>");

  private ReceiveId() {}

  static @Nullable String of(String aesKey, String body) {
    Matcher m = ENCRYPT.matcher(body);
    if (!m.find()) {
      return null;
    }
    try {
      return CallbackCrypto.open(aesKey, m.group(1)).receiver();
    } catch (CryptoException e) {
      return null;
    }
  }
}
