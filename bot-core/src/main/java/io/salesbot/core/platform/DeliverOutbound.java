package io.salesbot.core.platform;

import io.salesbot.core.kernel.GroupCommit;
import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendImage;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.platform.domain.Delivery;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Sends one outbound command on its platform to the recipients it has not reached yet, and records
 * the platform's message references. A command redelivered after a crash reaches nobody twice. The
 * commands handled at the same time read and record their deliveries together ({@link GroupCommit}:
 * one query and one insert for the batch instead of one each).
 *
 * <p>Two outcomes are not failures but waits, because the message must neither be lost nor end in
 * the dead letters:
 *
 * <ul>
 *   <li><b>Later</b> (a {@link SendOutcome.Later}, e.g. out of send budget): the deliveries that
 *       did happen are recorded and the command is put aside in the outbox, in line behind the
 *       others waiting for the same recipients ({@link Outbox#deferInLine}), until the platform's
 *       {@code retryAfter}. An {@linkplain OutboundCommand#urgent() urgent} command (a hot lead's
 *       offer) does not queue: it comes back at the platform's {@code retryAfter}, ahead of the
 *       line. When a command comes back, only the recipients without a delivery are sent to.
 *   <li><b>Platform unavailable</b>: a retryable {@link ChatDeliveryException} whose code is one of
 *       {@link #UNAVAILABLE} (circuit open, bulkhead full, I/O error, timeout). The command waits
 *       for a back-off that grows with the length of the outage: the time since this platform's
 *       first such failure after its last success, at least {@link #MIN_BACKOFF} and at most {@link
 *       #MAX_BACKOFF}, plus up to 20 % jitter so that a recovered platform is not hit by everything
 *       at once. Measuring the outage instead of counting failures keeps the back-off sane when
 *       many commands fail at the same moment.
 * </ul>
 *
 * Every other error (not retryable, or a platform error such as an invalid recipient) fails the
 * command as before: the stream retries it and moves it to the dead letters after {@code
 * max-deliveries}.
 */
public final class DeliverOutbound implements OutboundHandler {
  /** The platform's circuit breaker is open. */
  public static final String CIRCUIT_OPEN = "circuit-open";

  /** All the calls the adapter allows at once to the platform are under way. */
  public static final String BULKHEAD_FULL = "bulkhead-full";

  /** An I/O error between us and the platform. */
  public static final String IO = "io";

  /** The platform did not answer in time (it may or may not have acted). */
  public static final String TIMEOUT = "timeout";

  /**
   * Codes of retryable {@link ChatDeliveryException}s that mean "the platform cannot be reached
   * now" rather than "this message is wrong": adapters use these for their fences.
   */
  public static final Set<String> UNAVAILABLE = Set.of(CIRCUIT_OPEN, BULKHEAD_FULL, IO, TIMEOUT);

  /**
   * Most commands whose delivery reads (and records) go to the store together ({@link
   * GroupCommit}): the commands the sender handles at the same time share one query and one insert.
   */
  static final int MAX_BATCH = 64;

  static final Duration MIN_BACKOFF = Duration.ofSeconds(5);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private static final System.Logger LOG = System.getLogger(DeliverOutbound.class.getName());

  private final Map<String, ChatPlatform> platforms;
  private final GroupCommit<Deliveries.Asked, Set<Address>> reads;
  private final GroupCommit<List<Delivery>, List<Delivery>> records;
  private final Outbox outbox;
  private final Clock clock;

  /** Per platform: when the current outage was first seen; absent while the platform works. */
  private final Map<String, Instant> outageSince = new ConcurrentHashMap<>();

  public DeliverOutbound(
      List<ChatPlatform> platforms, Deliveries deliveries, Outbox outbox, Clock clock) {
    this.platforms =
        platforms.stream().collect(Collectors.toMap(ChatPlatform::id, Function.identity()));
    this.reads =
        new GroupCommit<>(
            "delivery reads",
            MAX_BATCH,
            deliveries::deliveredAll,
            q -> deliveries.delivered(q.commandId(), q.recipients()));
    this.records = GroupCommit.ofWrites("deliveries", MAX_BATCH, deliveries::record);
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public Mono<Void> handle(OutboundCommand command) {
    ChatPlatform platform = platforms.get(command.platform());
    if (platform == null) {
      return Mono.error(
          new IllegalStateException(
              "no chat platform '"
                  + command.platform()
                  + "' is enabled; enabled: "
                  + platforms.keySet()));
    }
    return reads
        .submit(new Deliveries.Asked(command.commandId(), command.recipients()))
        .flatMap(
            done -> {
              List<Address> pending =
                  command.recipients().stream().filter(r -> !done.contains(r)).toList();
              if (pending.isEmpty()) {
                return Mono.empty();
              }
              return send(platform, command, pending)
                  .flatMap(
                      outcome ->
                          outcome instanceof SendOutcome.Later later
                              ? later(command, later)
                              : record(outcome.delivered())
                                  .doOnSuccess(v -> outageSince.remove(platform.id())))
                  .onErrorResume(DeliverOutbound::isUnavailable, e -> unavailable(command, e));
            });
  }

  private Mono<Void> later(OutboundCommand command, SendOutcome.Later e) {
    outageSince.remove(command.platform());
    Duration wait = e.retryAfter().isNegative() ? Duration.ZERO : e.retryAfter();
    Instant notBefore = clock.instant().plus(wait);
    LOG.log(
        Level.DEBUG,
        () ->
            command.commandId()
                + ": "
                + e.delivered().size()
                + " delivered, the rest waits until "
                + notBefore
                + " ("
                + e.why()
                + ": "
                + e.detail()
                + ")");
    Mono<Void> record = record(e.delivered());
    // A hot lead's offer does not queue behind the routine cards waiting for the same people: it
    // comes back as soon as the budget allows, ahead of all but the first of them.
    return record.then(
        command.urgent()
            ? outbox.defer(command, notBefore)
            : outbox.deferInLine(command, notBefore, wait));
  }

  /** Stores the deliveries together with those of the commands sent at the same time. */
  private Mono<Void> record(List<Delivery> delivered) {
    return delivered.isEmpty() ? Mono.empty() : records.submit(delivered).then();
  }

  private Mono<Void> unavailable(OutboundCommand command, Throwable e) {
    Instant now = clock.instant();
    Instant since = outageSince.computeIfAbsent(command.platform(), p -> now);
    Duration backoff = backoff(Duration.between(since, now));
    Instant notBefore = now.plus(backoff);
    LOG.log(
        Level.INFO,
        () ->
            command.platform()
                + " unavailable ("
                + e.getMessage()
                + "); "
                + command.commandId()
                + " waits until "
                + notBefore);
    return outbox.defer(command, notBefore);
  }

  /** The outage's length so far, within [{@link #MIN_BACKOFF}, {@link #MAX_BACKOFF}], + ≤20 %. */
  static Duration backoff(Duration outage) {
    Duration base = outage.compareTo(MIN_BACKOFF) < 0 ? MIN_BACKOFF : outage;
    if (base.compareTo(MAX_BACKOFF) > 0) {
      base = MAX_BACKOFF;
    }
    long jitter = ThreadLocalRandom.current().nextLong(base.toMillis() / 5 + 1);
    return base.plusMillis(jitter);
  }

  static boolean isUnavailable(Throwable e) {
    return e instanceof ChatDeliveryException c && c.retryable() && UNAVAILABLE.contains(c.code());
  }

  private static Mono<SendOutcome> send(
      ChatPlatform platform, OutboundCommand command, List<Address> to) {
    if (command instanceof DeliverCard c) {
      return platform.sendCard(c.commandId(), c.card(), to);
    }
    if (command instanceof UpdateCard c) {
      return platform.updateCard(c.commandId(), c.card(), to);
    }
    if (command instanceof SendImage i) {
      return platform.sendImage(i.commandId(), i.imageId(), i.caption(), to);
    }
    SendText t = (SendText) command;
    return platform.sendText(t.commandId(), t.text(), to);
  }
}
