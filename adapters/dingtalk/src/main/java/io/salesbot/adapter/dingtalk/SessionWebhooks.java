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
 * <p>Only a URL on DingTalk's own hosts is kept ({@link #DINGTALK_ORIGINS}, and the configured API
 * host, a stand-in in tests): an HTTP robot callback's signature covers the timestamp, not the
 * body, so whoever replays a signed header pair could otherwise make salesbot post replies, and the
 * data in them, to a URL of their choosing.
 */
final class SessionWebhooks {
  static final Duration MARGIN = Duration.ofSeconds(30);
  static final String REPLY_PREFIX = "reply-";

  /**
   * Where DingTalk's session webhooks live: {@code https://oapi.dingtalk.com/robot/sendBySession}.
   */
  static final java.util.Set<String> DINGTALK_ORIGINS =
      java.util.Set.of("https://oapi.dingtalk.com", "https://api.dingtalk.com");

  private static final Logger log = LoggerFactory.getLogger(SessionWebhooks.class);

  private final @Nullable AccessTokens store;
  private final Clock clock;
  private final String prefix;
  private final java.util.Set<String> origins;

  SessionWebhooks(@Nullable AccessTokens store, Clock clock, String clientId) {
    this(store, clock, clientId, DingtalkSettings.DEFAULT_API_BASE_URL);
  }

  /** Also accepting webhooks on {@code apiBaseUrl}'s origin (a stand-in for DingTalk in tests). */
  SessionWebhooks(@Nullable AccessTokens store, Clock clock, String clientId, String apiBaseUrl) {
    this.store = store;
    this.clock = clock;
    this.prefix = "dingtalk:" + clientId + ":session:";
    java.util.Set<String> o = new java.util.HashSet<>(DINGTALK_ORIGINS);
    origin(apiBaseUrl).ifPresent(o::add);
    this.origins = java.util.Set.copyOf(o);
  }

  /** {@code scheme://host[:port]} of an absolute http(s) URL without user info. */
  static java.util.Optional<String> origin(String url) {
    try {
      java.net.URI u = new java.net.URI(url);
      String scheme = u.getScheme();
      if (u.getHost() == null
          || u.getRawUserInfo() != null
          || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
        return java.util.Optional.empty();
      }
      String host = u.getHost().toLowerCase(java.util.Locale.ROOT);
      return java.util.Optional.of(
          scheme.toLowerCase(java.util.Locale.ROOT)
              + "://"
              + host
              + (u.getPort() < 0 ? "" : ":" + u.getPort()));
    } catch (java.net.URISyntaxException e) {
      return java.util.Optional.empty();
    }
  }

  /** True for a URL on DingTalk's own webhook hosts (or the configured API host). */
  boolean accepts(String url) {
    return url.length() <= 1000 && origin(url).filter(origins::contains).isPresent();
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
    if (!accepts(url)) {
      if (!url.isEmpty()) {
        log.warn(
            "ignored the session webhook of {}: not on DingTalk's hosts {}",
            event.eventId(),
            origins);
      }
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
