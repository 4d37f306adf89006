package io.salesbot.adapter.dingtalk;

import io.salesbot.adapter.support.CallbackCrypto;
import io.salesbot.adapter.support.CallbackCrypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk's callback crypto (open-dingtalk/DingTalk-Callback-Crypto {@code DingCallbackCrypto}),
 * the same envelope as WeCom's ({@link CallbackCrypto}) with the owner key as receiver: the app's
 * Client ID (AppKey), the corpId for older corp-level subscriptions, or the suiteKey of third-party
 * apps. Adds what only DingTalk has: the encrypted {@code success} answer and the robot-callback
 * signature {@code Base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret))}.
 */
final class DingtalkCrypto {
  private final CallbackCrypto envelope;

  DingtalkCrypto(String token, String aesKey, String ownerKey) {
    this.envelope = new CallbackCrypto(token, aesKey, ownerKey, "app");
  }

  /** {@code hex(SHA1(sort(token, timestamp, nonce, encrypt)))}. */
  String signature(String timestamp, String nonce, String encrypt) {
    return envelope.signature(timestamp, nonce, encrypt);
  }

  /** Checks the signature (in constant time) and decrypts; the owner key must be ours. */
  String verifyAndDecrypt(String msgSignature, String timestamp, String nonce, String encrypt)
      throws CryptoException {
    return envelope.verifyAndDecrypt(msgSignature, timestamp, nonce, encrypt);
  }

  /**
   * The answer DingTalk expects: {@code {msg_signature, timeStamp, nonce, encrypt}} with {@code
   * plain} encrypted ({@code "success"} to acknowledge).
   */
  Map<String, String> encryptedMap(String plain, String timestamp, String nonce, String random) {
    String encrypt = encrypt(random, plain);
    Map<String, String> map = new LinkedHashMap<>();
    map.put("msg_signature", signature(timestamp, nonce, encrypt));
    map.put("timeStamp", timestamp);
    map.put("nonce", nonce);
    map.put("encrypt", encrypt);
    return map;
  }

  String encrypt(String random, String plain) {
    return envelope.encrypt(random, plain);
  }

  /** {@code Base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret))}: robot callbacks. */
  static String robotSign(String timestamp, String appSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "\n" + appSecret).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /**
   * {@code Base64(HmacSHA256(apiSecret, timestamp))}: the {@code x-ddpaas-signature} of an HTTP
   * card callback (DingTalk doc "事件回调", {@code calcSignature}).
   */
  static String cardSign(long timestamp, String apiSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(Long.toString(timestamp).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /**
   * Compares a card callback's {@code x-ddpaas-signature} with the expected one in constant time.
   */
  static boolean cardSignMatches(long timestamp, String signature, String apiSecret) {
    return MessageDigest.isEqual(
        cardSign(timestamp, apiSecret).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }

  /** Compares a robot callback's {@code sign} header with the expected one in constant time. */
  static boolean robotSignMatches(String timestamp, String sign, String appSecret) {
    return MessageDigest.isEqual(
        robotSign(timestamp, appSecret).getBytes(StandardCharsets.US_ASCII),
        sign.getBytes(StandardCharsets.US_ASCII));
  }
}
