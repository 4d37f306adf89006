package io.salesbot.core.platform;

/**
 * A chat platform refused or failed a send. Adapters translate their SDK's error codes into this
 * one exception; {@code retryable} says whether trying again later can help (throttling, a busy
 * platform, an I/O error) or not (an invalid recipient, a malformed card).
 */
public final class ChatDeliveryException extends RuntimeException {
  private final String platform;
  private final String code;
  private final boolean retryable;

  public ChatDeliveryException(String platform, String code, String message, boolean retryable) {
    super(platform + " error " + code + ": " + message);
    this.platform = platform;
    this.code = code;
    this.retryable = retryable;
  }

  public String platform() {
    return platform;
  }

  /** The platform's own error code, e.g. WeCom's {@code 45009}. */
  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
