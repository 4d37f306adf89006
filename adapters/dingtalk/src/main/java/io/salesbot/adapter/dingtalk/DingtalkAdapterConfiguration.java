package io.salesbot.adapter.dingtalk;

import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.InboundQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Everything the DingTalk adapter offers, for the server to wire with {@code @Bean} methods: the
 * {@link ChatPlatform} (id {@code dingtalk}), the HTTP callback endpoints and, in Stream mode, the
 * Stream connection's {@link #start()} and {@link #stop(Duration)}. Create one per application.
 *
 * <p>Endpoints:
 *
 * <ul>
 *   <li>{@code POST /callbacks/dingtalk} — event subscriptions (HTTP mode): verified, decrypted,
 *       queued, answered with the encrypted {@code success} map
 *   <li>{@code POST /callbacks/dingtalk/robot} — robot messages and card callbacks signed with the
 *       {@code timestamp}/{@code sign} headers: verified, mapped to a neutral event and queued
 * </ul>
 *
 * Bad input gets a 4xx problem and nothing is queued; 503 when the queue cannot take it.
 *
 * <p>Needs the queue for inbound events and {@link AccessTokens} to share access tokens between
 * instances.
 */
public final class DingtalkAdapterConfiguration {
  private final DingtalkSettings settings;
  private final DingtalkPlatform platform;
  private final RouterFunction<ServerResponse> routes;
  private final DingtalkStream stream;

  public DingtalkAdapterConfiguration(
      DingtalkSettings settings,
      InboundQueue inboundQueue,
      AccessTokens accessTokens,
      Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(inboundQueue, "inboundQueue");
    Objects.requireNonNull(accessTokens, "accessTokens");
    Objects.requireNonNull(clock, "clock");
    this.settings = settings;
    this.platform = new DingtalkPlatform(new DingtalkApi(settings, accessTokens, clock), settings);
    this.routes = new DingtalkCallbacks(settings, inboundQueue, clock).routes();
    this.stream = new DingtalkStream(settings, inboundQueue, clock);
  }

  /** The DingTalk chat platform, id {@code dingtalk}; always the same instance. */
  public ChatPlatform platform() {
    return platform;
  }

  /** The {@code /callbacks/dingtalk/**} endpoints; always the same instance. */
  public RouterFunction<ServerResponse> routes() {
    return routes;
  }

  /** Opens the Stream connection in Stream mode; does nothing in HTTP mode. */
  public void start() throws Exception {
    if (settings.mode() == DingtalkSettings.Mode.STREAM) {
      stream.start();
    }
  }

  /** Stops taking Stream messages, drains those in flight for up to {@code drain}, disconnects. */
  public void stop(Duration drain) {
    stream.stop(drain);
  }
}
