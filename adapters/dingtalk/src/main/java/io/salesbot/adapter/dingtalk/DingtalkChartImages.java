package io.salesbot.adapter.dingtalk;

import io.salesbot.adapter.support.ForwardingChatPlatform;
import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.kernel.domain.Address;
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
final class DingtalkChartImages extends ForwardingChatPlatform {
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
    super(platform);
    this.platform = platform;
    this.images = images;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public Mono<SendOutcome> sendImage(
      String commandId, String imageId, String caption, List<Address> recipients) {
    String base = publicBaseUrl;
    if (base == null) {
      return nothingSent();
    }
    if (!SAFE_ID.matcher(imageId).matches()) {
      log.warn("chart image id of {} is not URL-safe; nothing sent", commandId);
      return nothingSent();
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
                  return nothingSent();
                }));
  }
}
