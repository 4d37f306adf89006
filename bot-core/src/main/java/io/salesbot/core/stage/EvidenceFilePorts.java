package io.salesbot.core.stage;

import java.util.List;
import java.util.Optional;

/**
 * What files and photos sent as evidence need from outside: where they are kept, how each
 * platform's media is downloaded, and how download links are signed.
 */
public record EvidenceFilePorts(
    EvidenceFiles files, List<MediaSource> sources, EvidenceLinks links) {
  public EvidenceFilePorts {
    sources = List.copyOf(sources);
  }

  public Optional<MediaSource> source(String platform) {
    return sources.stream().filter(s -> s.platform().equals(platform)).findFirst();
  }
}
