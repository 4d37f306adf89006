package io.salesbot.core.kernel;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit of one kind of store call: the calls that arrive while a batch is under way wait and
 * then go together, as one call of {@code all} (one round trip, set-based, for up to {@code max}
 * items instead of one each). A call that finds nothing under way starts a batch of its own at
 * once, so a lone call waits for nobody; under load the batches grow by themselves to the number of
 * handlers the pipeline runs at once. Every batch starts after each of its calls arrived, so a read
 * made this way is as fresh as the caller's own would have been.
 *
 * <p>{@code all} answers one result per item, in the batch's order. When a batch fails (or answers
 * the wrong number of results), each of its items is done on its own with {@code one}, so that one
 * bad item or a store that comes back fails only the calls it concerns — each caller sees what
 * {@code one} would have answered (an empty {@code one} answers empty). A store may say which of
 * its failures no item can have caused (an outage, a time limit): then every call of the batch
 * fails with that failure at once instead of trying again one by one against a store that is not
 * there ({@link #GroupCommit(String, int, Function, Function, Predicate)}).
 *
 * @param <I> what one call hands in
 * @param <O> what one call gets back
 */
public final class GroupCommit<I, O> {
  private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

  private final String what;
  private final int max;
  private final Function<List<I>, Mono<List<O>>> all;
  private final Function<I, Mono<O>> one;
  private final Predicate<Throwable> worthOneByOne;
  private final Queue<Waiting<I, O>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean storing = new AtomicBoolean();

  private record Waiting<I, O>(I item, Sinks.One<O> result) {}

  /**
   * @param what the items, for the log (e.g. {@code "leads"})
   * @param max most items in one batch
   * @param all does a batch; one result per item, in order
   * @param one does one item, when its batch failed
   */
  public GroupCommit(
      String what, int max, Function<List<I>, Mono<List<O>>> all, Function<I, Mono<O>> one) {
    this(what, max, all, one, failure -> true);
  }

  /**
   * @param what the items, for the log (e.g. {@code "leads"})
   * @param max most items in one batch
   * @param all does a batch; one result per item, in order
   * @param one does one item, when its batch failed with a failure {@code worthOneByOne} accepts
   *     (or answered incompletely)
   * @param worthOneByOne whether a batch's failure may be one item's doing; when not, each call of
   *     the batch fails with it
   */
  public GroupCommit(
      String what,
      int max,
      Function<List<I>, Mono<List<O>>> all,
      Function<I, Mono<O>> one,
      Predicate<Throwable> worthOneByOne) {
    if (max < 1) {
      throw new IllegalArgumentException("a batch holds at least one item, not " + max);
    }
    this.what = what;
    this.max = max;
    this.all = all;
    this.one = one;
    this.worthOneByOne = worthOneByOne;
  }

  /**
   * Group commit of a write that answers nothing: each call hands in a list of items, and a batch
   * writes the items of all its calls with one {@code write}, in order (a call that failed with its
   * batch is written on its own).
   */
  public static <T> GroupCommit<List<T>, List<T>> ofWrites(
      String what, int max, Function<List<T>, Mono<Void>> write) {
    return new GroupCommit<>(
        what,
        max,
        batch -> write.apply(batch.stream().flatMap(List::stream).toList()).thenReturn(batch),
        one -> write.apply(one).thenReturn(one));
  }

  /** Does {@code item} with the next batch; what {@code one} would answer. */
  public Mono<O> submit(I item) {
    return Mono.defer(
        () -> {
          Sinks.One<O> result = Sinks.one();
          queue.add(new Waiting<>(item, result));
          next();
          return result.asMono();
        });
  }

  /** Starts the next batch unless one is under way; the one under way starts it when done. */
  private void next() {
    while (!queue.isEmpty() && storing.compareAndSet(false, true)) {
      List<Waiting<I, O>> batch = new ArrayList<>();
      Waiting<I, O> w;
      while (batch.size() < max && (w = queue.poll()) != null) {
        batch.add(w);
      }
      if (batch.isEmpty()) {
        storing.set(false);
        continue;
      }
      store(batch);
      return;
    }
  }

  private void store(List<Waiting<I, O>> batch) {
    List<I> items = batch.stream().map(Waiting::item).toList();
    Mono.defer(() -> all.apply(items))
        .filter(results -> results.size() == batch.size())
        .switchIfEmpty(Mono.error(IncompleteBatch::new))
        .subscribe(
            results -> {
              done();
              for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().tryEmitValue(results.get(i));
              }
            },
            failure -> {
              done();
              if (!(failure instanceof IncompleteBatch) && !worthOneByOne.test(failure)) {
                batch.forEach(w -> w.result().tryEmitError(failure));
                return;
              }
              if (batch.size() > 1) {
                LOG.log(
                    Level.WARNING,
                    "a batch of {0} {1} could not be stored ({2}); storing them one by one",
                    batch.size(),
                    what,
                    failure.toString());
              }
              oneByOne(batch);
            });
  }

  private static final class IncompleteBatch extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    IncompleteBatch() {
      super("the store answered a batch incompletely");
    }
  }

  /** Lets the next batch start; called before the waiting calls carry on. */
  private void done() {
    storing.set(false);
    next();
  }

  private void oneByOne(List<Waiting<I, O>> batch) {
    Flux.fromIterable(batch)
        .flatMap(
            w ->
                Mono.defer(() -> one.apply(w.item()))
                    .doOnNext(o -> w.result().tryEmitValue(o))
                    .switchIfEmpty(Mono.fromRunnable(() -> w.result().tryEmitEmpty()))
                    .onErrorResume(
                        e -> {
                          w.result().tryEmitError(e);
                          return Mono.empty();
                        }))
        .subscribe();
  }
}
