package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage;
import io.salesbot.core.stage.MediaSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** A platform's media downloads served from a map; unknown media are gone. */
public final class RecordingMediaSource implements MediaSource {
  private final String platform;
  private final Map<String, Fetch.Got> media = new ConcurrentHashMap<>();
  private final List<String> fetched = new ArrayList<>();

  public RecordingMediaSource(String platform) {
    this.platform = platform;
  }

  public void add(String mediaId, byte[] bytes, String contentType, String fileName) {
    media.put(mediaId, new Fetch.Got(bytes, contentType, fileName));
  }

  public synchronized List<String> fetched() {
    return List.copyOf(fetched);
  }

  @Override
  public String platform() {
    return platform;
  }

  @Override
  public Mono<Fetch> fetch(MediaMessage message, long maxBytes) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            fetched.add(message.media());
          }
          Fetch.Got got = media.get(message.media());
          if (got == null) {
            return new Fetch.Gone("unknown media " + message.media());
          }
          return got.bytes().length > maxBytes ? new Fetch.TooLarge(got.bytes().length) : got;
        });
  }
}
