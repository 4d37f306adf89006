package io.salesbot.adapter.wechatmp;

import io.salesbot.adapter.support.CallbackCrypto;
import io.salesbot.adapter.support.CallbackCrypto.CryptoException;
import io.salesbot.adapter.support.CallbackXml;
import io.salesbot.adapter.support.HttpProblem;
import java.util.Map;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The body of an official-account callback read into a message: first as a flat {@code <xml>}
 * document by {@link CallbackXml} (one pass, no DTDs, no entities), then, in safe mode, verified
 * and decrypted by {@link CallbackCrypto} before WxJava reads the message.
 */
final class MpCallbackBody {
  private MpCallbackBody() {}

  /** Why a body was refused; answered as a problem. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final HttpStatus status;
    private final String type;

    Refused(HttpStatus status, String type, String detail) {
      super(detail, null, false, false);
      this.status = status;
      this.type = type;
    }

    Mono<ServerResponse> answer() {
      return HttpProblem.of(status, type, getMessage());
    }
  }

  /**
   * The message in the body: in safe mode ({@code crypto} not null) only after {@code msgSignature}
   * matched the envelope and it decrypted for this account.
   */
  static WxMpXmlMessage read(
      String body,
      @Nullable CallbackCrypto crypto,
      @Nullable String msgSignature,
      String timestamp,
      String nonce)
      throws Refused {
    String xml = body.strip();
    try {
      Map<String, String> fields = CallbackXml.fields(xml);
      if (crypto != null && msgSignature != null) {
        String encrypt = fields.get("Encrypt");
        if (encrypt == null || encrypt.isBlank()) {
          throw new Refused(
              HttpStatus.BAD_REQUEST, "invalid-message", "the body has no Encrypt element");
        }
        xml = crypto.verifyAndDecrypt(msgSignature, timestamp, nonce, encrypt);
        CallbackXml.fields(xml);
      }
    } catch (CallbackXml.NotXmlException e) {
      throw new Refused(
          HttpStatus.BAD_REQUEST,
          "invalid-message",
          "the body must be WeChat's <xml> message: " + e.getMessage());
    } catch (CryptoException e) {
      throw switch (e.failure()) {
        case BAD_SIGNATURE ->
            new Refused(HttpStatus.UNAUTHORIZED, "bad-signature", "msg_signature does not match");
        case WRONG_RECEIVER ->
            new Refused(
                HttpStatus.BAD_REQUEST,
                "invalid-message",
                "the encrypted message was not encrypted for this account (receiveid != AppID)");
        case MALFORMED ->
            new Refused(
                HttpStatus.BAD_REQUEST,
                "invalid-message",
                "the encrypted message could not be decrypted for this account");
      };
    }
    WxMpXmlMessage message;
    try {
      message = WxMpXmlMessage.fromXml(xml);
    } catch (RuntimeException e) {
      throw new Refused(
          HttpStatus.BAD_REQUEST, "invalid-message", "the body is not a readable WeChat message");
    }
    if (message == null || message.getFromUser() == null || message.getMsgType() == null) {
      throw new Refused(
          HttpStatus.BAD_REQUEST, "invalid-message", "FromUserName and MsgType are required");
    }
    return message;
  }
}
