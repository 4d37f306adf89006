package io.salesbot.server.demo;

import java.time.Duration;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Writes the {@link DemoDeals} at start-up, trying again a bounded number of times when PostgreSQL
 * is slow or not there yet (a pool timing out on a busy machine), and says what happened: a warning
 * names what failed, what the person trying salesbot sees without the demo deals, and how to get
 * them. A failure never stops the server.
 */
final class DemoDealsLoader {
  /** Tries after the first one: with the default back-off, about a minute in all. */
  static final int RETRIES = 5;

  private final DemoDeals demo;
  private final Duration firstBackoff;
  private final String dataDirectory;
  private final Consumer<String> warn;

  /**
   * @param firstBackoff the wait before the first retry; it doubles each time, up to 30 s
   * @param dataDirectory where try-out mode keeps its data ({@code salesbot.dev-services.data-dir})
   * @param warn where the warnings go (the log)
   */
  DemoDealsLoader(
      DemoDeals demo, Duration firstBackoff, String dataDirectory, Consumer<String> warn) {
    this.demo = demo;
    this.firstBackoff = firstBackoff;
    this.dataDirectory = dataDirectory;
    this.warn = warn;
  }

  /** The deals created (0 when they were there already, or could not be written). */
  Mono<Integer> load() {
    // each try asks afresh (what is stored may have changed since the last one)
    return Mono.defer(demo::load)
        .retryWhen(
            Retry.backoff(RETRIES, firstBackoff)
                .maxBackoff(Duration.ofSeconds(30))
                .filter(e -> !(e instanceof DemoDeals.Incomplete))
                .doBeforeRetry(
                    s ->
                        warn.accept(
                            "Try-out mode: could not write the demo deals (attempt "
                                + (s.totalRetries() + 1)
                                + " of "
                                + (RETRIES + 1)
                                + "): "
                                + s.failure()
                                + "; trying again"))
                .onRetryExhaustedThrow((spec, s) -> s.failure()))
        .onErrorResume(
            e -> {
              warn.accept(gaveUp(e));
              return Mono.just(0);
            });
  }

  /** What failed, what the person sees, and how to get the demo deals. */
  String gaveUp(Throwable e) {
    String sees =
        ". salesbot runs without them: /deals, /funnel, /stalled, /kpi and the console's dashboards"
            + " show only the deals you create. ";
    String reset =
        "stop salesbot, delete the try-out data folder "
            + dataDirectory
            + " (salesbot.dev-services.data-dir; this deletes every lead and deal in it) and start"
            + " it again.";
    if (e instanceof DemoDeals.Incomplete) {
      return "Try-out mode: the demo deals are incomplete ("
          + e.getMessage()
          + "; an earlier start stopped half-way)"
          + sees
          + "To get them all: "
          + reset;
    }
    return "Try-out mode: could not write the demo deals after "
        + (RETRIES + 1)
        + " attempts ("
        + e
        + ")"
        + sees
        + "To try again, restart salesbot (the demo deals are written at start-up while there are"
        + " none); should it then say they are incomplete, "
        + reset;
  }
}
