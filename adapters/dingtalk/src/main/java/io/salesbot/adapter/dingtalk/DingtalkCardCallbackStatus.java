package io.salesbot.adapter.dingtalk;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where the HTTP-mode card-callback registration stands, for health: the route key, the URL
 * registered for it, attempts so far, the last error and when DingTalk took it.
 */
public record DingtalkCardCallbackStatus(
    State state,
    @Nullable String routeKey,
    @Nullable String callbackUrl,
    int attempts,
    @Nullable String lastError,
    @Nullable Instant registeredAt) {

  /** The registration's state. */
  public enum State {
    /** Stream mode (clicks come over the Stream connection), or not started yet. */
    OFF,
    /** The first attempt is under way. */
    PENDING,
    /** DingTalk took it: clicks on cards created from now on reach this server. */
    REGISTERED,
    /** The last attempt failed; another follows after a back-off. */
    RETRYING
  }
}
