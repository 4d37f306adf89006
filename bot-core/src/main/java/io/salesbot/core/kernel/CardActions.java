package io.salesbot.core.kernel;

import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * What each card button does: one handler per action name, registered in the core assembly ({@code
 * io.salesbot.core.Salesbot}) beside the card that carries the button. The inbound dispatcher looks
 * a click's action up here; an action registered twice is a programming error.
 */
public final class CardActions {
  /** Handles one click; must be idempotent (a click can be delivered again). */
  @FunctionalInterface
  public interface Handler {
    Mono<Void> handle(CardAction click);
  }

  /** Runs a command as if typed; payload the command text, e.g. {@code /leads}. */
  public static final String RUN_COMMAND = "command";

  private final Map<String, Handler> handlers = new LinkedHashMap<>();

  /** Registers what the button with action name {@code action} does. */
  public CardActions on(String action, Handler handler) {
    if (handlers.putIfAbsent(action, handler) != null) {
      throw new IllegalStateException("card action '" + action + "' is registered twice");
    }
    return this;
  }

  public Optional<Handler> handler(String action) {
    return Optional.ofNullable(handlers.get(action));
  }

  /** The registered action names, in registration order. */
  public Set<String> names() {
    return java.util.Collections.unmodifiableSet(handlers.keySet());
  }
}
