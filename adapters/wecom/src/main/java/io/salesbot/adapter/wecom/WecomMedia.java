package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage;
import io.salesbot.core.stage.MediaSource;
import reactor.core.publisher.Mono;

/** WeCom's temporary media ({@code media/get}) as evidence files: photos, files, voice notes. */
final class WecomMedia implements MediaSource {
  private final WecomApi api;

  WecomMedia(WecomApi api) {
    this.api = api;
  }

  @Override
  public String platform() {
    return WecomEvents.PLATFORM;
  }

  @Override
  public Mono<Fetch> fetch(MediaMessage message, long maxBytes) {
    String media = message.media();
    if (media == null) {
      return Mono.just(new Fetch.Gone("no media id"));
    }
    return api.media(media, maxBytes);
  }
}
