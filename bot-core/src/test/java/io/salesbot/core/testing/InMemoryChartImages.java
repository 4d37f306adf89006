package io.salesbot.core.testing;

import io.salesbot.core.kernel.ChartImages;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** {@link ChartImages} in memory. */
public final class InMemoryChartImages implements ChartImages {
  private record Stored(byte[] png, Instant at) {}

  private final Map<String, Stored> images = new ConcurrentHashMap<>();

  @Override
  public Mono<Void> put(String id, byte[] png, Instant at) {
    return Mono.fromRunnable(
        () -> {
          images.putIfAbsent(id, new Stored(png.clone(), at));
          Instant cutoff = at.minus(KEPT);
          images.values().removeIf(s -> s.at().isBefore(cutoff));
        });
  }

  @Override
  public Mono<byte[]> find(String id) {
    return Mono.fromSupplier(() -> images.get(id)).map(s -> s.png().clone());
  }
}
