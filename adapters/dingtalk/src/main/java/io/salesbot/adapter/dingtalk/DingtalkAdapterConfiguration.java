package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.stage.MediaSource;
import io.salesbot.core.team.DirectorySource;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
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
 *   <li>{@code POST /callbacks/dingtalk/robot} — robot messages signed with the {@code
 *       timestamp}/{@code sign} headers: verified, mapped to a neutral event and queued
 *   <li>{@code POST /callbacks/dingtalk/card} — HTTP mode's card clicks, delivered to the URL
 *       registered for the card-callback route key and signed with {@code x-ddpaas-signature}:
 *       verified, queued, answered within 2 s with the update for the clicker's card
 * </ul>
 *
 * Bad input gets a 4xx problem and nothing is queued; 503 when the queue cannot take it.
 *
 * <p>Needs the queue for inbound events, {@link AccessTokens} to share access tokens (and the
 * messages' session webhooks) between instances, and {@link SendBudgets} to count the per-API and
 * per-recipient send limits cluster-wide (see {@code DingtalkBudgets}).
 */
public final class DingtalkAdapterConfiguration {
  /** DingTalk's old API host, where the address book is read. */
  public static final String DEFAULT_OAPI_BASE_URL = DingtalkDirectory.DEFAULT_OAPI_BASE_URL;

  private final DingtalkSettings settings;
  private final DingtalkPlatform platform;
  private final RouterFunction<ServerResponse> routes;
  private final DingtalkStream stream;
  private final DingtalkApi api;
  private final MediaSource media;
  private final DingtalkCallbacks callbacks;
  private final CardCallbackRegistration registration;
  private @Nullable DingtalkDirectory directory;
  private final DingtalkSignIn signIn;

  /** Without send budgets (nothing is counted): for tests only. */
  public DingtalkAdapterConfiguration(
      DingtalkSettings settings,
      InboundQueue inboundQueue,
      AccessTokens accessTokens,
      Clock clock) {
    this(settings, inboundQueue, accessTokens, DingtalkBudgets.unlimited(), clock);
  }

  public DingtalkAdapterConfiguration(
      DingtalkSettings settings,
      InboundQueue inboundQueue,
      AccessTokens accessTokens,
      SendBudgets sendBudgets,
      Clock clock) {
    this(settings, inboundQueue, accessTokens, sendBudgets, null, clock);
  }

  /**
   * With {@code quotas} (Redis in production): robot callbacks' {@code (timestamp, sign)} pairs are
   * remembered cluster-wide for their validity and a reused one is refused (409).
   */
  public DingtalkAdapterConfiguration(
      DingtalkSettings settings,
      InboundQueue inboundQueue,
      AccessTokens accessTokens,
      SendBudgets sendBudgets,
      io.salesbot.core.platform.@Nullable Quotas quotas,
      Clock clock) {
    this(settings, inboundQueue, accessTokens, sendBudgets, quotas, null, clock);
  }

  /**
   * With {@code monthly} as well: DingTalk's monthly API-call and push quotas are counted; while
   * the API-call quota is spent, sends wait in the outbox ({@link
   * io.salesbot.core.platform.SendOutcome.Wait#MONTHLY_QUOTA}) instead of failing.
   */
  public DingtalkAdapterConfiguration(
      DingtalkSettings settings,
      InboundQueue inboundQueue,
      AccessTokens accessTokens,
      SendBudgets sendBudgets,
      io.salesbot.core.platform.@Nullable Quotas quotas,
      @Nullable DingtalkMonthlyQuotas monthly,
      Clock clock) {
    Objects.requireNonNull(sendBudgets, "sendBudgets");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(inboundQueue, "inboundQueue");
    Objects.requireNonNull(accessTokens, "accessTokens");
    Objects.requireNonNull(clock, "clock");
    this.settings = settings;
    DingtalkBudgets budgets = new DingtalkBudgets(sendBudgets, settings.clientId());
    SessionWebhooks webhooks =
        new SessionWebhooks(accessTokens, clock, settings.clientId(), settings.apiBaseUrl());
    DingtalkApi api = new DingtalkApi(settings, accessTokens, clock, budgets, monthly);
    this.platform = new DingtalkPlatform(api, settings, budgets, webhooks, new CardSends(quotas));
    this.api = api;
    this.media = new DingtalkMedia(api, settings.robotCode());
    this.signIn = new DingtalkSignIn(api, settings);
    this.callbacks = new DingtalkCallbacks(settings, inboundQueue, clock, webhooks);
    if (quotas != null) {
      callbacks.usedSigns(quotas);
    }
    callbacks.onPush(api::countPush);
    this.routes = callbacks.routes();
    this.stream = new DingtalkStream(settings, inboundQueue, clock, webhooks);
    stream.onPush(api::countPush);
    this.registration =
        new CardCallbackRegistration(
            api,
            settings.mode() == DingtalkSettings.Mode.HTTP ? settings.cardCallback() : null,
            clock);
  }

  /**
   * HTTP mode: where the card-callback registration stands ({@link
   * DingtalkCardCallbackStatus.State#OFF} in Stream mode and before {@link #start()}).
   */
  public DingtalkCardCallbackStatus cardCallbackStatus() {
    return registration.status();
  }

  /**
   * The Stream connection's state for health and metrics: {@link DingtalkStreamStatus#OFF} in HTTP
   * mode and while not started.
   */
  public DingtalkStreamStatus streamStatus() {
    return stream.status();
  }

  /**
   * Downloads of the files and photos people send the robot ({@code
   * /v1.0/robot/messageFiles/download}), for evidence; always the same instance.
   */
  public MediaSource media() {
    return media;
  }

  /** The DingTalk chat platform, id {@code dingtalk}; always the same instance. */
  public ChatPlatform platform() {
    return platform;
  }

  /**
   * The DingTalk chat platform that also sends chart images, read from {@code images}: a markdown
   * message with the image at {@code <publicBaseUrl>/charts/<id>.png}; with a null {@code
   * publicBaseUrl} (DingTalk's clients cannot reach this server) no images. A new wrapper around
   * {@link #platform()} on each call.
   */
  public ChatPlatform platform(
      io.salesbot.core.kernel.ChartImages images, @Nullable String publicBaseUrl) {
    return new DingtalkChartImages(platform, images, publicBaseUrl);
  }

  /**
   * Console sign-in: the organisation's user id of the person whose DingTalk login ended with
   * {@code authCode} (their access token, their unionId, then {@code getbyunionid} on {@code
   * oapiBaseUrl} with the app's access token; see {@code DingtalkSignIn}); empty when they are not
   * an employee. Fails with a {@code ChatDeliveryException} when DingTalk refuses the code or
   * cannot be reached.
   */
  public reactor.core.publisher.Mono<String> signInUserId(String authCode, String oapiBaseUrl) {
    return signIn.userId(authCode, oapiBaseUrl);
  }

  /** The Stream listeners (tests feed them frames). */
  DingtalkStream stream() {
    return stream;
  }

  /** The {@code /callbacks/dingtalk/**} endpoints; always the same instance. */
  public RouterFunction<ServerResponse> routes() {
    return routes;
  }

  /**
   * The DingTalk address book as a source of teams' reps ({@code salesbot.teams.<id>.directory:
   * dingtalk:<deptId>}), read from {@code oapiBaseUrl} ({@code https://oapi.dingtalk.com}; a
   * stand-in in tests) and cached for {@code cacheTtl}; in HTTP mode org change events empty the
   * cache and notify its listeners. The first call creates it; later calls return the same one.
   */
  public synchronized DirectorySource directory(Duration cacheTtl, String oapiBaseUrl) {
    DingtalkDirectory d = directory;
    if (d == null) {
      d = new DingtalkDirectory(api, oapiBaseUrl, cacheTtl);
      callbacks.directory(d);
      directory = d;
    }
    return d;
  }

  /**
   * Opens the Stream connection in Stream mode; in HTTP mode registers the card-callback URL for
   * the route key in the background (retried until DingTalk takes it).
   */
  public void start() throws Exception {
    if (settings.mode() == DingtalkSettings.Mode.STREAM) {
      stream.start();
    } else {
      registration.start();
    }
  }

  /** Stops taking Stream messages, drains those in flight for up to {@code drain}, disconnects. */
  public void stop(Duration drain) {
    registration.stop();
    stream.stop(drain);
  }
}
