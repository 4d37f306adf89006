package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** A {@link ChatPlatform} that records every call; can be made to fail. */
public final class RecordingChatPlatform implements ChatPlatform {
  /** One call: kind is card, update or text. */
  public record Sent(String kind, String commandId, Card card, String text, List<Address> to) {}

  private final String id;
  private final List<Sent> sent = new ArrayList<>();
  private volatile boolean failing;

  public RecordingChatPlatform(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> to) {
    return record(new Sent("card", commandId, card, "", to));
  }

  @Override
  public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> to) {
    return record(new Sent("update", commandId, card, "", to));
  }

  @Override
  public Mono<SendOutcome> sendText(String commandId, String text, List<Address> to) {
    return record(new Sent("text", commandId, null, text, to));
  }

  private Mono<SendOutcome> record(Sent s) {
    return Mono.defer(
        () -> {
          if (failing) {
            return Mono.error(new IllegalStateException("platform down"));
          }
          synchronized (this) {
            sent.add(s);
          }
          return Mono.just(
              new SendOutcome.Delivered(
                  s.to().stream()
                      .map(
                          a ->
                              new Delivery(
                                  s.commandId(), a, id + "-" + s.commandId() + "-" + a.userId()))
                      .toList()));
        });
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /**
   * For tests of any {@link ChatPlatform}: the deliveries of a send that must have reached everyone
   * (a {@link SendOutcome.Later} fails the test).
   */
  public static List<Delivery> delivered(Mono<SendOutcome> send) {
    SendOutcome outcome = send.block();
    if (!(outcome instanceof SendOutcome.Delivered)) {
      throw new AssertionError("expected every recipient reached, got " + outcome);
    }
    return outcome.delivered();
  }

  /** For tests of any {@link ChatPlatform}: a send that must have left someone waiting. */
  public static SendOutcome.Later later(Mono<SendOutcome> send) {
    SendOutcome outcome = send.block();
    if (!(outcome instanceof SendOutcome.Later later)) {
      throw new AssertionError("expected some recipients to wait, got " + outcome);
    }
    return later;
  }
}
