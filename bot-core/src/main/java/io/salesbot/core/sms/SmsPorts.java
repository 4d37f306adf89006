package io.salesbot.core.sms;

import io.salesbot.core.platform.Quotas;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * What welcome SMS need from outside: the provider, the opt-out list, and the counters shared by
 * all instances (Redis) that keep the per-number daily limit.
 */
public record SmsPorts(SmsSender sender, SmsOptOuts optOuts, Quotas quotas) {
  /** Welcome SMS off: nothing is sent, nothing is counted. */
  public static final SmsPorts NONE = new SmsPorts(SmsSender.NONE, SmsOptOuts.NONE, new None());

  public SmsPorts {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(optOuts, "optOuts");
    Objects.requireNonNull(quotas, "quotas");
  }

  /** Counters that count nothing and allow nothing (never asked while welcome SMS are off). */
  private static final class None implements Quotas {
    @Override
    public Mono<Void> grant(String key, int uses, Duration window) {
      return Mono.empty();
    }

    @Override
    public Mono<Boolean> take(List<String> keys) {
      return Mono.just(false);
    }

    @Override
    public Mono<Boolean> hit(String key, int limit, Duration window) {
      return Mono.just(false);
    }

    @Override
    public Mono<Long> count(String key, Duration window) {
      return Mono.just(0L);
    }

    @Override
    public Mono<Long> counted(String key) {
      return Mono.just(0L);
    }
  }
}
