package io.salesbot.core.kernel;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * Emitting commands to the outbox: replies to a person, and one command per platform. The commands
 * emitted while an earlier emit is under way go to the outbox together, in one {@link
 * Outbox#emitAll} ({@link GroupCommit}): one round trip for the cards of a whole batch of leads.
 */
public final class Replies {
  /** Most emits that go to the outbox together. */
  static final int MAX = 256;

  private final GroupCommit<List<OutboundCommand>, List<OutboundCommand>> emits;

  public Replies(Outbox outbox) {
    this.emits = GroupCommit.ofWrites("emits", MAX, outbox::emitAll);
  }

  private Mono<Void> emit(List<OutboundCommand> commands) {
    return commands.isEmpty() ? Mono.empty() : emits.submit(commands).then();
  }

  /**
   * Answers the person behind an inbound event with text; one reply per event, however often
   * redelivered.
   */
  public Mono<Void> reply(InboundEvent to, Address user, String text) {
    return emit(List.of(new SendText("reply-" + to.eventId(), text, List.of(user))));
  }

  /** Sends text to people, once per {@code commandId}. */
  public Mono<Void> text(String commandId, String text, List<Address> recipients) {
    return perPlatform(recipients, (r, suffix) -> new SendText(commandId + suffix, text, r));
  }

  /**
   * Emits one command per platform among the recipients; {@code build} gets each platform's
   * recipients and a command-id suffix (empty for the first platform, so single-platform ids stay
   * readable).
   */
  public Mono<Void> perPlatform(
      List<Address> recipients, BiFunction<List<Address>, String, OutboundCommand> build) {
    return Mono.defer(
        () -> {
          Map<String, List<Address>> byPlatform = new LinkedHashMap<>();
          for (Address r : recipients) {
            byPlatform.computeIfAbsent(r.platform(), p -> new ArrayList<>()).add(r);
          }
          List<OutboundCommand> commands = new ArrayList<>(byPlatform.size());
          for (Map.Entry<String, List<Address>> e : byPlatform.entrySet()) {
            commands.add(build.apply(e.getValue(), commands.isEmpty() ? "" : "-" + e.getKey()));
          }
          return emit(commands);
        });
  }
}
