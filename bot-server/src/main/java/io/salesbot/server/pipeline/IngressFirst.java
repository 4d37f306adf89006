package io.salesbot.server.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Acknowledging comes first: while webhooks (platform callbacks, lead intake) arrive faster than
 * {@code above} a second, the inbound pipeline runs at most {@code busyConcurrency} handlers, so
 * that the CPU goes to answering WeCom, DingTalk and the forms within milliseconds and the spike
 * waits in the Redis streams, which is what they are for; the pipeline drains at full speed once
 * the rate falls. So that no lead waits on a long promotion, the brake holds at most {@code
 * maxHold} at a stretch, then stays off for as long.
 *
 * <p>A {@link WebFilter} counts the webhooks; {@link #tick} is called every {@link #TICK} and says
 * whether to brake now.
 */
public final class IngressFirst implements WebFilter {
  /** How often the rate is looked at. */
  public static final Duration TICK = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(IngressFirst.class);
  private static final int SLOTS = 4; // four ticks: the rate over the last second

  private final int above;
  private final int busyConcurrency;
  private final Duration maxHold;
  private final LongAdder arrivals = new LongAdder();
  private final long[] slots = new long[SLOTS];
  private int slot;
  private @Nullable Instant brakingSince;
  private @Nullable Instant offUntil;

  /**
   * @param above webhooks per second from which the pipeline yields; 0 turns the brake off
   * @param busyConcurrency handlers the inbound pipeline runs at once while braking; 0 pauses it
   *     (for at most {@code maxHold} at a stretch, like any braking)
   * @param maxHold longest stretch of braking, and the pause after it
   */
  public IngressFirst(int above, int busyConcurrency, Duration maxHold) {
    if (above < 0) {
      throw new IllegalArgumentException("above must be 0 (off) or more");
    }
    if (busyConcurrency < 0) {
      throw new IllegalArgumentException("busyConcurrency must be 0 (paused) or more");
    }
    if (maxHold.isNegative() || maxHold.isZero()) {
      throw new IllegalArgumentException("maxHold must be positive");
    }
    this.above = above;
    this.busyConcurrency = busyConcurrency;
    this.maxHold = maxHold;
  }

  public boolean enabled() {
    return above > 0;
  }

  /** Handlers the inbound pipeline runs at once while braking; 0: none (paused). */
  public int busyConcurrency() {
    return busyConcurrency;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (isWebhook(exchange)) {
      arrivals.increment();
    }
    return chain.filter(exchange);
  }

  /** Platform callbacks and lead intake: what a sender waits on us to acknowledge. */
  static boolean isWebhook(ServerWebExchange exchange) {
    if (exchange.getRequest().getMethod() != HttpMethod.POST) {
      return false;
    }
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    return path.startsWith("/callbacks/") || path.equals("/api/v1/leads");
  }

  /** Counts one webhook that does not pass the filter (the intake's own route), and for tests. */
  public void arrived() {
    arrivals.increment();
  }

  /**
   * Takes the webhooks counted since the last tick and says whether the pipeline should yield now.
   * Called by one thread every {@link #TICK}.
   */
  public synchronized boolean tick(Instant now) {
    slots[slot] = arrivals.sumThenReset();
    slot = (slot + 1) % SLOTS;
    if (!enabled()) {
      return false;
    }
    long perSecond = 0;
    for (long s : slots) {
      perSecond += s;
    }
    boolean busy = perSecond >= above;
    if (brakingSince != null) {
      if (!busy) {
        LOG.info("Webhooks down to {}/s: the pipeline runs at full speed again", perSecond);
        brakingSince = null;
      } else if (!now.isBefore(brakingSince.plus(maxHold))) {
        LOG.warn(
            "Webhooks still at {}/s after {}: the pipeline runs at full speed for {} so that the"
                + " queue keeps moving (salesbot.pipeline.ingress-first-max-hold)",
            perSecond,
            maxHold,
            maxHold);
        brakingSince = null;
        offUntil = now.plus(maxHold);
      }
    } else if (busy && (offUntil == null || !now.isBefore(offUntil))) {
      LOG.info(
          "Webhooks at {}/s (salesbot.pipeline.ingress-first-above={}): acknowledging first, the"
              + " inbound pipeline runs {} handler(s) at once until the rate falls",
          perSecond,
          above,
          busyConcurrency);
      brakingSince = now;
      offUntil = null;
    }
    return brakingSince != null;
  }
}
