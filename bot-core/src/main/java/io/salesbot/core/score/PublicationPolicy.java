package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import java.time.YearMonth;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Who may publish, hold and roll back scorecards ({@code salesbot.scorecards.publishers}), and what
 * else can hold a month: {@code feedHolds} gives the reasons a month is held by its record feeds
 * (none when they are healthy); any reason refuses {@code /publish}.
 */
public record PublicationPolicy(
    List<Address> publishers, Function<YearMonth, Mono<List<String>>> feedHolds) {
  /** No feed ever holds a month. */
  public static final Function<YearMonth, Mono<List<String>>> NO_FEED_HOLDS =
      period -> Mono.just(List.of());

  public PublicationPolicy {
    publishers = List.copyOf(publishers);
  }

  public boolean mayPublish(Address person) {
    return publishers.contains(person);
  }
}
