package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.UserProfile;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendOutcome;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * DingTalk with chart images: everything as {@link DingtalkPlatform}, and a chart goes out as a
 * robot {@code sampleMarkdown} message {@code ![caption](<public-base-url>/charts/<id>.png)} —
 * DingTalk fetches the picture from salesbot's {@code GET /charts/{id}.png} (bot-server), so this
 * needs the public https address; budgeted like a text. Without a public address, and for an image
 * that is gone (purged), nothing is sent: the card with the figures went before it.
 */
final class DingtalkChartImages implements ChatPlatform {
  private static final Logger log = LoggerFactory.getLogger(DingtalkChartImages.class);

  /** Ids go into a URL inside markdown unescaped, so only these characters pass. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private static final int TITLE_CHARS = 20;

  private final DingtalkPlatform platform;
  private final ChartImages images;
  private final @Nullable String publicBaseUrl;

  /**
   * @param publicBaseUrl the https address at which DingTalk's clients reach this server, without a
   *     trailing slash; null sends no images
   */
  DingtalkChartImages(
      DingtalkPlatform platform, ChartImages images, @Nullable String publicBaseUrl) {
    this.platform = platform;
    this.images = images;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public Mono<SendOutcome> sendImage(
      String commandId, String imageId, String caption, List<Address> recipients) {
    String base = publicBaseUrl;
    if (base == null) {
      return nothing();
    }
    if (!SAFE_ID.matcher(imageId).matches()) {
      log.warn("chart image id of {} is not URL-safe; nothing sent", commandId);
      return nothing();
    }
    String url = base + "/charts/" + imageId + ".png";
    String markdown = "![" + DingtalkCards.escape(caption) + "](" + url + ")";
    return images
        .find(imageId)
        .flatMap(
            png ->
                platform.sendMarkdown(
                    commandId, DingtalkCards.cut(caption, TITLE_CHARS), markdown, recipients))
        .switchIfEmpty(
            Mono.defer(
                () -> {
                  log.warn("chart image {} is gone; {} sends nothing", imageId, commandId);
                  return nothing();
                }));
  }

  private static Mono<SendOutcome> nothing() {
    return Mono.just(new SendOutcome.Delivered(List.of()));
  }

  @Override
  public String id() {
    return platform.id();
  }

  @Override
  public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> recipients) {
    return platform.sendCard(commandId, card, recipients);
  }

  @Override
  public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients) {
    return platform.updateCard(commandId, card, recipients);
  }

  @Override
  public Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients) {
    return platform.sendText(commandId, text, recipients);
  }

  @Override
  public Mono<UserProfile> resolveUser(Address user) {
    return platform.resolveUser(user);
  }
}
