package io.salesbot.core.stage;

import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A platform's download of a file or photo sent to the bot (WeCom {@code media/get}, DingTalk's
 * robot file download). Runs in the inbound handler, never on the callback's request.
 */
public interface MediaSource {
  /** The platform id, as in {@link io.salesbot.core.kernel.domain.Address#platform()}. */
  String platform();

  /**
   * Downloads {@code message.media()}, reading at most {@code maxBytes + 1} bytes. A transient
   * failure is an error (the event is retried); what retrying cannot fix is a {@link Fetch} value.
   */
  Mono<Fetch> fetch(MediaMessage message, long maxBytes);

  /** What a download gave. */
  sealed interface Fetch {
    /** The bytes, with the type and name the platform gave, if any. */
    record Got(byte[] bytes, @Nullable String contentType, @Nullable String fileName)
        implements Fetch {}

    /** Larger than allowed: nothing beyond the limit was read. */
    record TooLarge(long atLeast) implements Fetch {}

    /** The platform no longer has it (WeCom media expire after 3 days) or refuses it for good. */
    record Gone(String reason) implements Fetch {}
  }
}
