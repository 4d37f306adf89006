package io.salesbot.core.stage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What files and photos sent as evidence need from outside: where they are kept, how each
 * platform's media is downloaded, how download links are signed, and how far back a photo's
 * watermark looks for the sender's last location.
 *
 * @param locationWindow a photo's watermark place is the sender's latest location message received
 *     at most this long before it ({@code salesbot.evidence.location-window}), else 位置未知
 */
public record EvidenceFilePorts(
    EvidenceFiles files, List<MediaSource> sources, EvidenceLinks links, Duration locationWindow) {
  /** The default {@link #locationWindow}. */
  public static final Duration LOCATION_WINDOW = Duration.ofMinutes(30);

  public EvidenceFilePorts {
    sources = List.copyOf(sources);
    if (locationWindow.isNegative()) {
      throw new IllegalArgumentException("location window must not be negative: " + locationWindow);
    }
  }

  /** With the default {@link #LOCATION_WINDOW}. */
  public EvidenceFilePorts(EvidenceFiles files, List<MediaSource> sources, EvidenceLinks links) {
    this(files, sources, links, LOCATION_WINDOW);
  }

  public Optional<MediaSource> source(String platform) {
    return sources.stream().filter(s -> s.platform().equals(platform)).findFirst();
  }
}
