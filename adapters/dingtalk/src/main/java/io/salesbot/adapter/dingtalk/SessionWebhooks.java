package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.AccessTokens.Token;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The {@code sessionWebhook} each robot message carries: a URL that posts into the conversation the
 * message came from (the 1:1 chat or the group) until {@code sessionWebhookExpiredTime}, without an
 * access token and without counting against the robot-send APIs.
 *
 * <p>Kept per inbound event, cluster-wide, in the {@link AccessTokens} store (Redis): the webhook
 * is a short-lived credential with an expiry, which is exactly what that store keeps, under the key
 * {@code dingtalk:<clientId>:session:<eventId>} until the webhook expires (less {@link #MARGIN}).
 * The instance that sends the reply is often not the one that took the message. A reply to event
 * {@code E} is the outbound command {@code reply-E} ({@code Replies.reply}), so the platform finds
 * the webhook from the command id; the neutral model never sees it. Failing to store it only costs
 * the shortcut: the reply then goes through the robot API.
 *
 * <p>The URL is taken as DingTalk gives it (any http(s) URL of at most 1,000 characters): it comes
 * from a callback signed with the app secret or from the authenticated Stream connection, so it is
 * trusted like the rest of the message.
 */
final class SessionWebhooks {
  static final Duration MARGIN = Duration.ofSeconds(30);
  static final String REPLY_PREFIX = "reply-";

  private static final Logger log = LoggerFactory.getLogger(SessionWebhooks.class);

  private final @Nullable AccessTokens store;
  private final Clock clock;
  private final String prefix;

  SessionWebhooks(@Nullable AccessTokens store, Clock clock, String clientId) {
    this.store = store;
    this.clock = clock;
    this.prefix = "dingtalk:" + clientId + ":session:";
  }

  /** Keeps nothing: every reply goes through the robot API (tests of the inbound side). */
  static SessionWebhooks none(Clock clock) {
    return new SessionWebhooks(null, clock, "none");
  }

  /**
   * A message's webhook, and whom a reply through it mentions: the person who typed the command
   * when it was typed in a group (so that they are notified there), else nobody.
   */
  record Webhook(String url, @Nullable String mention) {}

  /** Stores the message's webhook for replies to {@code event}; never fails. */
  Mono<Void> remember(JsonNode message, InboundEvent event) {
    AccessTokens store = this.store;
    if (store == null || !(event instanceof InboundEvent.TextMessage text)) {
      return Mono.empty();
    }
    String url = DingtalkEvents.text(message, "sessionWebhook");
    long expiresAt = message.path("sessionWebhookExpiredTime").asLong(0);
    Instant until = Instant.ofEpochMilli(expiresAt).minus(MARGIN);
    if (!(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 1000) {
      return Mono.empty();
    }
    if (!until.isAfter(clock.instant())) {
      return Mono.empty();
    }
    // A URL has no line break: the asker in a group rides on a second line.
    String value = text.conversation() == null ? url : url + "\n" + text.user().userId();
    return store
        .put(prefix + event.eventId(), new Token(value, until))
        .timeout(Duration.ofSeconds(2))
        .onErrorResume(
            e -> {
              log.warn(
                  "could not keep the session webhook of {}; its reply goes through the API: {}",
                  event.eventId(),
                  e.toString());
              return Mono.empty();
            });
  }

  /** The still valid webhook for a reply command ({@code reply-<eventId>}), if any. */
  Mono<Webhook> forCommand(String commandId) {
    AccessTokens store = this.store;
    if (store == null || !commandId.startsWith(REPLY_PREFIX)) {
      return Mono.empty();
    }
    return store
        .get(prefix + commandId.substring(REPLY_PREFIX.length()))
        .filter(t -> t.expiresAt().isAfter(clock.instant()))
        .map(
            t -> {
              int line = t.value().indexOf('\n');
              return line < 0
                  ? new Webhook(t.value(), null)
                  : new Webhook(t.value().substring(0, line), t.value().substring(line + 1));
            })
        .onErrorResume(
            e -> {
              log.warn("could not read the session webhook for {}: {}", commandId, e.toString());
              return Mono.empty();
            });
  }
}
