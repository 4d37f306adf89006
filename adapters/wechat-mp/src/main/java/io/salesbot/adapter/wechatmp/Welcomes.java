package io.salesbot.adapter.wechatmp;

import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.platform.Quotas;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The customer-service window per follower, shared by all instances through {@link Quotas}: a scan
 * or follow opens 3 messages within 1 minute, a user message 5 within 48 hours. Messages are queued
 * on the platform's outbox; {@link WechatMpPlatform} takes a use from the window before each send
 * and sends nothing once it is used up.
 */
final class Welcomes {
  private static final Logger LOG = LoggerFactory.getLogger(Welcomes.class);
  static final int SCAN_USES = 3;
  static final Duration SCAN_WINDOW = Duration.ofMinutes(1);
  static final int MESSAGE_USES = 5;
  static final Duration MESSAGE_WINDOW = Duration.ofHours(48);
  static final Duration SEEN_TTL = Duration.ofDays(2);

  private final Outbox outbox;
  private final Quotas quotas;

  Welcomes(Outbox outbox, Quotas quotas) {
    this.outbox = outbox;
    this.quotas = quotas;
  }

  static Address address(String appId, String openId) {
    return new Address(WechatMpSettings.PLATFORM, appId + ":" + openId);
  }

  static String scanKey(String appId, String openId) {
    return "wechat-mp:" + appId + ":" + openId + ":scan";
  }

  static String messageKey(String appId, String openId) {
    return "wechat-mp:" + appId + ":" + openId + ":msg";
  }

  /** The windows a send may use, shortest first. */
  static List<String> windows(String appId, String openId) {
    return List.of(scanKey(appId, openId), messageKey(appId, openId));
  }

  /**
   * True the first time {@code eventId} is seen (cluster-wide), so that a retried callback does not
   * reopen a window.
   */
  Mono<Boolean> firstTime(String eventId) {
    return quotas.hit("wechat-mp:seen:" + eventId, 1, SEEN_TTL);
  }

  Mono<Void> openScanWindow(String appId, String openId) {
    return quotas.grant(scanKey(appId, openId), SCAN_USES, SCAN_WINDOW);
  }

  Mono<Void> openMessageWindow(String appId, String openId) {
    return quotas.grant(messageKey(appId, openId), MESSAGE_USES, MESSAGE_WINDOW);
  }

  /** Queues a text to the follower; never fails (the lead it follows is already stored). */
  Mono<Void> queue(String commandId, String appId, String openId, String text) {
    return outbox
        .emit(new OutboundCommand.SendText(commandId, text, List.of(address(appId, openId))))
        .onErrorResume(
            e -> {
              LOG.warn("could not queue message {} to a follower: {}", commandId, e.toString());
              return Mono.empty();
            });
  }
}
