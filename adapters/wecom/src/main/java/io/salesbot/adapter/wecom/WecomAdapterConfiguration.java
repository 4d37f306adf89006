package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.stage.MediaSource;
import io.salesbot.core.team.DirectorySource;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Everything the WeCom adapter offers, for the server to wire with {@code @Bean} methods: the
 * {@link ChatPlatform} (id {@code wecom}) and the callback endpoints. Create one per application.
 *
 * <p>Endpoints, per configured app:
 *
 * <ul>
 *   <li>{@code GET /callbacks/wecom/{agentId}} — URL verification: answers the decrypted {@code
 *       echostr} as the bare body
 *   <li>{@code POST /callbacks/wecom/{agentId}} — messages and events: verified, decrypted, checked
 *       against the corp id, mapped to a neutral event and queued; answers 200 with an empty body.
 *       Bad input gets a 4xx problem and nothing is queued; 503 when the queue cannot take it.
 * </ul>
 *
 * <p>Needs the queue for inbound events, {@link CardReferences} for WeCom's response codes and
 * {@link AccessTokens} to share access tokens between instances, and {@link SendBudgets} to keep
 * WeCom's send limits across instances.
 */
public final class WecomAdapterConfiguration {
  private final WecomPlatform platform;
  private final RouterFunction<ServerResponse> routes;
  private final WecomDirectory directory;
  private final WecomApi api;
  private final MediaSource media;
  private final WecomSignIn signIn;
  private final UploadedImages uploadedImages;

  /**
   * @param sendBudgets counted by all instances together (Redis): WeCom's per-member, per-day and
   *     per-API limits are kept with them, see {@link WecomBudgets}
   */
  public WecomAdapterConfiguration(
      WecomSettings settings,
      InboundQueue inboundQueue,
      CardReferences cardReferences,
      AccessTokens accessTokens,
      SendBudgets sendBudgets,
      Clock clock) {
    Objects.requireNonNull(sendBudgets, "sendBudgets");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(inboundQueue, "inboundQueue");
    Objects.requireNonNull(cardReferences, "cardReferences");
    Objects.requireNonNull(accessTokens, "accessTokens");
    Objects.requireNonNull(clock, "clock");
    WecomApi api = new WecomApi(settings, settings.sender(), accessTokens, clock);
    this.api = api;
    this.platform =
        new WecomPlatform(
            api,
            new WecomMessages(settings.cardUrl()),
            cardReferences,
            settings.sender().agentId(),
            clock,
            new WecomBudgets(
                sendBudgets,
                settings.corpId(),
                settings.sender().agentId(),
                settings.sending().dailySends()));
    this.directory = new WecomDirectory(api, WecomDirectory.DEFAULT_TTL);
    this.media = new WecomMedia(api);
    this.signIn = new WecomSignIn(api);
    this.uploadedImages = new UploadedImages(clock);
    this.routes = new WecomCallbacks(settings, inboundQueue, clock, directory).routes();
  }

  /** Without send budgets: for tests of everything but the limits. */
  WecomAdapterConfiguration(
      WecomSettings settings,
      InboundQueue inboundQueue,
      CardReferences cardReferences,
      AccessTokens accessTokens,
      Clock clock) {
    this(settings, inboundQueue, cardReferences, accessTokens, WecomBudgets.unlimited(), clock);
  }

  /** The WeCom chat platform, id {@code wecom}; always the same instance. */
  public ChatPlatform platform() {
    return platform;
  }

  /**
   * The WeCom chat platform that also sends chart images, read from {@code images}: uploaded as
   * media, then sent as image messages. A new wrapper around {@link #platform()} on each call.
   */
  public ChatPlatform platform(ChartImages images) {
    return new WecomChartImages(platform, api, images, uploadedImages);
  }

  /**
   * Downloads of the photos, files and voice notes people send the app ({@code media/get}), for
   * evidence; always the same instance.
   */
  public MediaSource media() {
    return media;
  }

  /** The {@code /callbacks/wecom/**} endpoints; always the same instance. */
  public RouterFunction<ServerResponse> routes() {
    return routes;
  }

  /**
   * The WeCom address book as a source of teams' reps ({@code salesbot.teams.<id>.directory:
   * wecom:<departmentId>}); always the same instance. Answers are cached for {@code cacheTtl};
   * {@code change_contact} callbacks empty the cache and notify its listeners.
   */
  public DirectorySource directory(Duration cacheTtl) {
    directory.ttl(cacheTtl);
    return directory;
  }

  /**
   * Console sign-in: the user id of the WeCom member whose QR login or OAuth2 web authorization
   * ended with {@code code} ({@code GET /cgi-bin/auth/getuserinfo}, the sending app's access
   * token); empty when the person is not a member of the corp. Fails with a {@code
   * ChatDeliveryException} when WeCom refuses the code (wrong, used or expired) or cannot be
   * reached.
   */
  public reactor.core.publisher.Mono<String> signInUserId(String code) {
    return signIn.userId(code);
  }
}
