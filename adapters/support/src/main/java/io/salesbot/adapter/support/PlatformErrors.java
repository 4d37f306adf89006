package io.salesbot.adapter.support;

import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.DeliverOutbound;
import java.io.IOException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the platform adapters turn an SDK or HTTP failure into the one {@link ChatDeliveryException}
 * core knows, and which failures their retry and circuit breaker act on: written once for WeCom,
 * the official account and DingTalk.
 */
public final class PlatformErrors {
  private PlatformErrors() {}

  /**
   * A failure as a {@link ChatDeliveryException}: the platform's error {@code code} when it gave
   * one (retryable when in {@code retryable}; code 0 with an I/O cause is an I/O error), else an
   * I/O error (retryable), else a plain error (not retryable).
   */
  public static ChatDeliveryException translate(
      String platform,
      Throwable e,
      @Nullable Integer code,
      @Nullable String message,
      Set<Integer> retryable) {
    if (code != null && !(code == 0 && hasIoCause(e))) {
      return new ChatDeliveryException(
          platform,
          Integer.toString(code),
          message == null ? e.toString() : message,
          retryable.contains(code));
    }
    if (hasIoCause(e)) {
      return new ChatDeliveryException(platform, DeliverOutbound.IO, e.toString(), true);
    }
    return new ChatDeliveryException(platform, "error", e.toString(), false);
  }

  /**
   * Whether a retry can help: a retryable {@link ChatDeliveryException}, except an open circuit
   * (retrying it at once only bounces off the breaker again; the outbox waits instead).
   */
  public static boolean isRetryable(Throwable e) {
    return e instanceof ChatDeliveryException c
        && c.retryable()
        && !DeliverOutbound.CIRCUIT_OPEN.equals(c.code());
  }

  /** Whether {@code e} or one of its causes is an {@link IOException}. */
  public static boolean hasIoCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
