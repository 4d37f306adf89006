package io.salesbot.adapter.sandbox;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.UserProfile;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The sandbox chat platform: "sending" puts the message into the recipient's inbox, where the
 * sandbox endpoints (and the web console) read it.
 *
 * <p>Inboxes live in this JVM's memory <em>by design</em>: the sandbox is a try-out and test
 * platform, so its inboxes are lost on restart and are not shared between instances. That is an
 * exception to "shared state lives in Redis or PostgreSQL" only for what the sandbox displays; the
 * leads, claims and deliveries behind the cards are stored in PostgreSQL like on every platform.
 *
 * <p>Thread-safe. Bounded: each inbox keeps its newest {@value #MAX_ITEMS_PER_INBOX} items and at
 * most {@value #MAX_INBOXES} users get an inbox. Idempotent: a card already in an inbox is replaced
 * (never by an older version), a text from the same command lands once.
 */
final class SandboxPlatform implements ChatPlatform {
  static final String ID = "sandbox";
  static final int MAX_ITEMS_PER_INBOX = 200;
  static final int MAX_INBOXES = 10_000;

  private final ConcurrentMap<String, Inbox> inboxes = new ConcurrentHashMap<>();
  private final AtomicLong refs = new AtomicLong();

  /**
   * The user ids of inboxes as they change, for live views (the web console). Best effort: a
   * subscriber that cannot keep up misses notices, never the inbox itself, which it re-reads.
   */
  private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();

  /**
   * Notices waiting for the one thread that emits: concurrent deliveries queue theirs here instead
   * of racing for the sink, so none is lost to a race (see {@link #notice}).
   */
  private final Queue<String> notices = new ConcurrentLinkedQueue<>();

  private final AtomicInteger noticing = new AtomicInteger();

  private final Clock clock;
  private final @Nullable TeamDirectory directory;

  SandboxPlatform(Clock clock) {
    this(clock, null);
  }

  SandboxPlatform(Clock clock, @Nullable TeamDirectory directory) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.directory = directory;
  }

  /** Sandbox users are the people of the configured teams: reps and managers. */
  @Override
  public Mono<UserProfile> resolveUser(Address user) {
    TeamDirectory teams = directory;
    if (teams == null || !ID.equals(user.platform())) {
      return Mono.empty();
    }
    for (Team team : teams.teams()) {
      if (team.member(user).isPresent() || team.isManager(user)) {
        return Mono.just(new UserProfile(user, teams.displayName(user), team.name()));
      }
    }
    return Mono.empty();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> recipients) {
    Objects.requireNonNull(card, "card");
    return deliver(commandId, recipients, (inbox, now) -> inbox.putCard(card, now, this::nextRef));
  }

  /**
   * Replaces the recipient's copy of the card when the new version is not older; a recipient who
   * never got the card gets it now.
   */
  @Override
  public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients) {
    Objects.requireNonNull(card, "card");
    return deliver(commandId, recipients, (inbox, now) -> inbox.putCard(card, now, this::nextRef));
  }

  @Override
  public Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients) {
    Objects.requireNonNull(text, "text");
    return deliver(
        commandId, recipients, (inbox, now) -> inbox.putText(commandId, text, now, this::nextRef));
  }

  /**
   * Puts the image's URL on this server ({@code /charts/{id}.png}, served by salesbot) into the
   * inbox, with its caption.
   */
  @Override
  public Mono<SendOutcome> sendImage(
      String commandId, String imageId, String caption, List<Address> recipients) {
    Objects.requireNonNull(imageId, "imageId");
    String url = "/charts/" + imageId + ".png";
    return deliver(
        commandId,
        recipients,
        (inbox, now) -> inbox.putImage(commandId, url, caption, now, this::nextRef));
  }

  /**
   * The user id of each inbox that something was put into (a card, an updated card, a text), as it
   * happens; hot, nothing is replayed. A notice may come for an inbox that ended up unchanged (the
   * same card sent again): it means "read it again", not "it differs".
   */
  Flux<String> changes() {
    return changes.asFlux();
  }

  /** The inbox of a sandbox user, if anything was ever delivered to them. */
  Optional<Inbox> inbox(String userId) {
    return Optional.ofNullable(inboxes.get(userId));
  }

  private Mono<SendOutcome> deliver(
      String commandId, List<Address> recipients, BiFunction<Inbox, Instant, String> put) {
    return Mono.fromCallable(
        () -> {
          Objects.requireNonNull(commandId, "commandId");
          checkRecipients(recipients);
          Instant now = clock.instant();
          List<Delivery> deliveries = new ArrayList<>(recipients.size());
          for (Address recipient : recipients) {
            String ref = put.apply(inboxOf(recipient.userId()), now);
            deliveries.add(new Delivery(commandId, recipient, ref));
          }
          for (Address recipient : recipients) {
            notice(recipient.userId());
          }
          return new SendOutcome.Delivered(deliveries);
        });
  }

  /** Checks all recipients before delivering to any, so a bad command changes nothing. */
  private static void checkRecipients(List<Address> recipients) {
    Objects.requireNonNull(recipients, "recipients");
    for (Address recipient : recipients) {
      if (!ID.equals(recipient.platform())) {
        throw new IllegalArgumentException(
            "the sandbox platform only delivers to sandbox:<userId> addresses, not to '"
                + recipient
                + "'; commands for platform '"
                + recipient.platform()
                + "' must go to that platform's sender");
      }
    }
  }

  /**
   * Tells live views that an inbox changed. The sink takes one emitter at a time; a delivery that
   * raced another for it used to spin for 100 ms and then drop its notice, so under load a live
   * view (the console's emulator) missed a reply until something else changed that inbox. Now each
   * notice is queued and whichever delivery holds the turn emits every queued one (the usual
   * serialised drain): no delivery waits, and none is dropped for a race.
   */
  private void notice(String userId) {
    notices.offer(userId);
    if (noticing.getAndIncrement() != 0) {
      return; // the thread emitting now emits this one too
    }
    int missed = 1;
    do {
      String next;
      while ((next = notices.poll()) != null) {
        // Alone here, so only "no subscriber" can fail, and then nobody is watching.
        changes.tryEmitNext(next);
      }
      missed = noticing.addAndGet(-missed);
    } while (missed != 0);
  }

  private Inbox inboxOf(String userId) {
    Inbox inbox = inboxes.get(userId);
    if (inbox != null) {
      return inbox;
    }
    if (inboxes.size() >= MAX_INBOXES) {
      throw new IllegalStateException(
          "the sandbox keeps inboxes for at most "
              + MAX_INBOXES
              + " users and is full; restart the server to clear it (sandbox inboxes are in"
              + " memory)");
    }
    return inboxes.computeIfAbsent(userId, id -> new Inbox(MAX_ITEMS_PER_INBOX));
  }

  private String nextRef() {
    return "sandbox-msg-" + refs.incrementAndGet();
  }
}
