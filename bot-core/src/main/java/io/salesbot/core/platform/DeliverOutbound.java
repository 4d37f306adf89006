package io.salesbot.core.platform;

import io.salesbot.core.platform.domain.Address;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.platform.domain.OutboundCommand;
import io.salesbot.core.platform.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.platform.domain.OutboundCommand.SendText;
import io.salesbot.core.platform.domain.OutboundCommand.UpdateCard;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Sends one outbound command on its platform to the recipients it has not reached yet, and records
 * the platform's message references. A command redelivered after a crash reaches nobody twice.
 */
public final class DeliverOutbound implements OutboundHandler {
  private final Map<String, ChatPlatform> platforms;
  private final Deliveries deliveries;

  public DeliverOutbound(List<ChatPlatform> platforms, Deliveries deliveries) {
    this.platforms =
        platforms.stream().collect(Collectors.toMap(ChatPlatform::id, Function.identity()));
    this.deliveries = deliveries;
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
    return deliveries
        .delivered(command.commandId(), command.recipients())
        .flatMap(
            done -> {
              List<Address> todo =
                  command.recipients().stream().filter(r -> !done.contains(r)).toList();
              if (todo.isEmpty()) {
                return Mono.empty();
              }
              return send(platform, command, todo).flatMap(deliveries::record);
            });
  }

  private static Mono<List<Delivery>> send(
      ChatPlatform platform, OutboundCommand command, List<Address> to) {
    if (command instanceof DeliverCard c) {
      return platform.sendCard(c.commandId(), c.card(), to);
    }
    if (command instanceof UpdateCard c) {
      return platform.updateCard(c.commandId(), c.card(), to);
    }
    SendText t = (SendText) command;
    return platform.sendText(t.commandId(), t.text(), to);
  }
}
