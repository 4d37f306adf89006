package io.salesbot.adapter.wecom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code media_id} each chart image got when it was uploaded, kept for a day: a redelivered
 * image message (its send timed out but WeCom may have carried it out) sends the same {@code
 * media_id} again — the same request, which WeCom's duplicate check drops — instead of uploading
 * the PNG again and getting a new id, which would show the chart twice. WeCom keeps temporary media
 * for three days ("该media_id仅三天内有效"); a day stays well inside that and well beyond the 4 hours of
 * the duplicate check. Per instance: a redelivery that another instance takes uploads again.
 */
final class UploadedImages {
  static final Duration KEPT = Duration.ofDays(1);
  static final int MAX = 10_000;

  private record Uploaded(String mediaId, Instant at) {}

  private final Map<String, Uploaded> byImage = new ConcurrentHashMap<>();
  private final Clock clock;

  UploadedImages(Clock clock) {
    this.clock = clock;
  }

  /** The media id {@code imageId} was uploaded as, if that was less than {@link #KEPT} ago. */
  Optional<String> mediaId(String imageId) {
    Uploaded u = byImage.get(imageId);
    if (u == null || !u.at().plus(KEPT).isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(u.mediaId());
  }

  void remember(String imageId, String mediaId) {
    Instant now = clock.instant();
    if (byImage.size() >= MAX) {
      byImage.values().removeIf(u -> !u.at().plus(KEPT).isAfter(now));
      if (byImage.size() >= MAX) {
        byImage.clear(); // only more uploads, never a wrong id
      }
    }
    byImage.put(imageId, new Uploaded(mediaId, now));
  }
}
