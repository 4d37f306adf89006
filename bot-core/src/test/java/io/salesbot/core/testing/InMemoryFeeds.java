package io.salesbot.core.testing;

import io.salesbot.core.score.Feeds;
import io.salesbot.core.score.domain.FeedCondition;
import io.salesbot.core.score.domain.FeedHold;
import io.salesbot.core.score.domain.FeedObservation;
import io.salesbot.core.score.domain.FeedTally;
import io.salesbot.core.score.domain.Release;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Feeds} in memory; every operation holds one lock, as the database's transactions. */
public final class InMemoryFeeds implements Feeds {
  private static final Comparator<FeedHold> HOLDS =
      Comparator.comparing(FeedHold::period)
          .thenComparing(h -> h.condition().source())
          .thenComparing(h -> h.condition().kind().wire())
          .thenComparing(h -> h.condition().since());

  private final List<FeedObservation> observed = new ArrayList<>();
  private final Map<String, FeedCondition> up = new TreeMap<>();
  private final List<Held> holds = new ArrayList<>();

  private static final class Held {
    final FeedHold hold;
    Release released;

    Held(FeedHold hold) {
      this.hold = hold;
    }
  }

  @Override
  public synchronized Mono<Void> observe(FeedObservation o) {
    observed.add(o);
    return Mono.empty();
  }

  @Override
  public synchronized Flux<FeedObservation> recent(String source, Instant since, int n) {
    List<FeedObservation> out = new ArrayList<>();
    for (int i = observed.size() - 1; i >= 0; i--) {
      FeedObservation o = observed.get(i);
      if (o.source().equals(source) && !o.at().isBefore(since)) {
        out.add(o);
      }
    }
    out.sort(Comparator.comparing(FeedObservation::at).reversed());
    return Flux.fromIterable(List.copyOf(out.subList(0, Math.min(n, out.size()))));
  }

  @Override
  public synchronized Flux<FeedObservation> first(
      String source, String type, Instant since, int n) {
    List<FeedObservation> out = new ArrayList<>();
    for (FeedObservation o : observed) {
      if (o.source().equals(source)
          && o.type().equals(type)
          && o.outcome() != FeedObservation.Outcome.REFUSED
          && !o.at().isBefore(since)) {
        out.add(o);
      }
    }
    out.sort(Comparator.comparing(FeedObservation::at));
    return Flux.fromIterable(List.copyOf(out.subList(0, Math.min(n, out.size()))));
  }

  @Override
  public synchronized Mono<Instant> last(String source) {
    return Mono.justOrEmpty(
        observed.stream()
            .filter(o -> o.source().equals(source))
            .map(FeedObservation::at)
            .max(Comparator.naturalOrder()));
  }

  @Override
  public synchronized Flux<FeedTally> tally(Instant from, Instant to) {
    Map<String, List<FeedObservation>> bySource = new TreeMap<>();
    for (FeedObservation o : observed) {
      if (!o.at().isBefore(from) && o.at().isBefore(to)) {
        bySource.computeIfAbsent(o.source(), s -> new ArrayList<>()).add(o);
      }
    }
    List<FeedTally> out = new ArrayList<>();
    bySource.forEach(
        (source, list) -> {
          list.sort(Comparator.comparing(FeedObservation::at));
          Duration longest = Duration.ZERO;
          for (int i = 1; i < list.size(); i++) {
            Duration d = Duration.between(list.get(i - 1).at(), list.get(i).at());
            longest = d.compareTo(longest) > 0 ? d : longest;
          }
          Instant last = list.get(list.size() - 1).at();
          Duration tail = Duration.between(last, to);
          longest = tail.compareTo(longest) > 0 ? tail : longest;
          long q =
              list.stream().filter(o -> o.outcome() == FeedObservation.Outcome.QUARANTINED).count();
          long r =
              list.stream().filter(o -> o.outcome() == FeedObservation.Outcome.REFUSED).count();
          out.add(new FeedTally(source, list.size(), q, r, longest, last));
        });
    return Flux.fromIterable(out);
  }

  @Override
  public synchronized Mono<Boolean> raise(FeedCondition c, Set<YearMonth> periods) {
    String key = c.source() + "\u0000" + c.kind().wire();
    if (up.containsKey(key)) {
      return Mono.just(false);
    }
    up.put(key, c);
    for (YearMonth p : periods) {
      holds.add(new Held(new FeedHold(p, c)));
    }
    return Mono.just(true);
  }

  @Override
  public synchronized Mono<FeedCondition> clear(String source, FeedCondition.Kind kind) {
    return Mono.justOrEmpty(up.remove(source + "\u0000" + kind.wire()));
  }

  @Override
  public synchronized Flux<FeedCondition> conditions() {
    return Flux.fromIterable(List.copyOf(up.values()));
  }

  @Override
  public synchronized Flux<FeedHold> openHolds() {
    return Flux.fromIterable(
        holds.stream().filter(h -> h.released == null).map(h -> h.hold).sorted(HOLDS).toList());
  }

  @Override
  public synchronized Mono<Integer> release(String source, Release release) {
    int n = 0;
    for (Held h : holds) {
      if (h.released == null && h.hold.condition().source().equals(source)) {
        h.released = release;
        n++;
      }
    }
    return Mono.just(n);
  }

  @Override
  public synchronized Mono<Instant> shapeReleased(String source) {
    Optional<Instant> at =
        holds.stream()
            .filter(
                h ->
                    h.released != null
                        && h.hold.condition().source().equals(source)
                        && h.hold.condition().kind() == FeedCondition.Kind.SHAPE)
            .map(h -> h.released.at())
            .max(Comparator.naturalOrder());
    return Mono.justOrEmpty(at);
  }
}
