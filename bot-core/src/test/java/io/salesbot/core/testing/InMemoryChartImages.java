package io.salesbot.core.testing;

import io.salesbot.core.kernel.ChartImages;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** {@link ChartImages} in memory. */
public final class InMemoryChartImages implements ChartImages {
  private final Map<String, byte[]> images = new ConcurrentHashMap<>();

  @Override
  public Mono<Void> put(String id, byte[] png) {
    return Mono.fromRunnable(() -> images.putIfAbsent(id, png.clone()));
  }

  @Override
  public Mono<byte[]> find(String id) {
    return Mono.fromSupplier(() -> images.get(id)).map(byte[]::clone);
  }
}
