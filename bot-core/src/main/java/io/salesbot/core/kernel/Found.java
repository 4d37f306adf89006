package io.salesbot.core.kernel;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A lookup, then one of two steps: what to do with what it found, or what to do when it found
 * nothing. For steps that complete empty ({@code Mono<Void>}), where {@code
 * lookup.flatMap(step).switchIfEmpty(missing)} would run {@code missing} after every successful
 * step as well — a second answer to the same event under the same command id, of which a person
 * gets whichever the sender happens to deliver first.
 */
public final class Found {
  private Found() {}

  public static <T> Mono<Void> either(
      Mono<T> lookup, Function<? super T, Mono<Void>> found, Supplier<Mono<Void>> missing) {
    return lookup
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(o -> o.isPresent() ? found.apply(o.get()) : missing.get());
  }
}
