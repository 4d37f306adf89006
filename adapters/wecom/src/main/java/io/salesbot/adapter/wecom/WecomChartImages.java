package io.salesbot.adapter.wecom;

import io.salesbot.adapter.support.ForwardingChatPlatform;
import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.SendOutcome;
import java.lang.System.Logger.Level;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * WeCom with chart images: everything as {@link WecomPlatform}, and a chart goes out the WeCom way
 * — the PNG uploaded as temporary media ({@code media/upload?type=image}), then an image message
 * with its {@code media_id} over the usual {@code message/send}, budgeted like a text; an image
 * sent again within a day reuses its {@code media_id} ({@link UploadedImages}). An image that is
 * gone (purged) sends nothing: the card with the figures went before it.
 */
final class WecomChartImages extends ForwardingChatPlatform {
  private static final System.Logger LOG = System.getLogger(WecomChartImages.class.getName());

  private final WecomPlatform platform;
  private final WecomApi api;
  private final ChartImages images;
  private final UploadedImages uploaded;

  WecomChartImages(
      WecomPlatform platform, WecomApi api, ChartImages images, UploadedImages uploaded) {
    super(platform);
    this.platform = platform;
    this.api = api;
    this.images = images;
    this.uploaded = uploaded;
  }

  @Override
  public Mono<SendOutcome> sendImage(
      String commandId, String imageId, String caption, List<Address> recipients) {
    return Mono.justOrEmpty(uploaded.mediaId(imageId))
        .switchIfEmpty(
            images
                .find(imageId)
                .flatMap(png -> api.uploadImage(png))
                .doOnNext(mediaId -> uploaded.remember(imageId, mediaId)))
        .flatMap(mediaId -> platform.sendImageMessage(commandId, mediaId, recipients))
        .switchIfEmpty(
            Mono.defer(
                () -> {
                  LOG.log(
                      Level.WARNING,
                      "chart image {0} is gone; {1} sends nothing",
                      imageId,
                      commandId);
                  return nothingSent();
                }));
  }
}
