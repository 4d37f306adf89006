package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.Quotas;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which spaces an outbox command's card was already sent to by an earlier run of the same command
 * (shared by all instances through {@link Quotas}, Redis in production): a mark per (command, card,
 * space) is set before {@code createAndDeliver} and kept unless DingTalk answers that the call was
 * not carried out. When a later run finds DingTalk's card already existing ({@code
 * param.cardAlreadyExist}), the marked spaces got it from that earlier call, whose answer was lost
 * (a timeout, a crash, a failed write of the deliveries): they count as delivered and are not sent
 * the card again. Without {@link Quotas} (tests) nothing is remembered across runs.
 */
final class CardSends {
  /** How long a mark is kept: longer than any command waits in the outbox. */
  static final Duration KEEP = Duration.ofDays(2);

  private final @Nullable Quotas marks;

  CardSends(@Nullable Quotas marks) {
    this.marks = marks;
  }

  /**
   * Marks {@code spaces} as sent to by this run of {@code commandId}; answers those an earlier run
   * had marked already.
   */
  Mono<Set<Address>> begin(String commandId, String outTrackId, List<Address> spaces) {
    Quotas q = marks;
    if (q == null) {
      return Mono.just(Set.of());
    }
    return Flux.fromIterable(spaces)
        .concatMap(
            s -> {
              String key = key(commandId, outTrackId, s);
              return q.take(List.of(key))
                  .flatMap(earlier -> q.grant(key, 1, KEEP).thenReturn(earlier))
                  .filter(Boolean::booleanValue)
                  .map(earlier -> s);
            })
        .collect(Collectors.toUnmodifiableSet());
  }

  /** DingTalk answered that the call was not carried out: nothing was sent to {@code spaces}. */
  Mono<Void> notSent(String commandId, String outTrackId, List<Address> spaces) {
    Quotas q = marks;
    if (q == null) {
      return Mono.empty();
    }
    return Flux.fromIterable(spaces)
        .concatMap(s -> q.take(List.of(key(commandId, outTrackId, s))))
        .then();
  }

  private static String key(String commandId, String outTrackId, Address space) {
    return "dingtalk:card-sent:" + commandId + ":" + outTrackId + ":" + space;
  }
}
