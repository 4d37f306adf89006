package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.platform.ChatPlatform;
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
  public Mono<List<Delivery>> sendCard(String commandId, Card card, List<Address> to) {
    return record(new Sent("card", commandId, card, "", to));
  }

  @Override
  public Mono<List<Delivery>> updateCard(String commandId, Card card, List<Address> to) {
    return record(new Sent("update", commandId, card, "", to));
  }

  @Override
  public Mono<List<Delivery>> sendText(String commandId, String text, List<Address> to) {
    return record(new Sent("text", commandId, null, text, to));
  }

  private Mono<List<Delivery>> record(Sent s) {
    return Mono.defer(
        () -> {
          if (failing) {
            return Mono.error(new IllegalStateException("platform down"));
          }
          synchronized (this) {
            sent.add(s);
          }
          return Mono.just(
              s.to().stream()
                  .map(
                      a ->
                          new Delivery(
                              s.commandId(), a, id + "-" + s.commandId() + "-" + a.userId()))
                  .toList());
        });
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }
}
