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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Emitting commands to the outbox: replies to a person, and one command per platform. */
public final class Replies {
  private final Outbox outbox;

  public Replies(Outbox outbox) {
    this.outbox = outbox;
  }

  /**
   * Answers the person behind an inbound event with text; one reply per event, however often
   * redelivered.
   */
  public Mono<Void> reply(InboundEvent to, Address user, String text) {
    return outbox.emit(new SendText("reply-" + to.eventId(), text, List.of(user)));
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
    Map<String, List<Address>> byPlatform = new LinkedHashMap<>();
    for (Address r : recipients) {
      byPlatform.computeIfAbsent(r.platform(), p -> new ArrayList<>()).add(r);
    }
    return Flux.fromIterable(byPlatform.entrySet())
        .index()
        .concatMap(
            e ->
                outbox.emit(
                    build.apply(
                        e.getT2().getValue(), e.getT1() == 0 ? "" : "-" + e.getT2().getKey())))
        .then();
  }
}
