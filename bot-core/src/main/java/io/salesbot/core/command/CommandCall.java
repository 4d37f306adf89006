package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import java.util.List;

/** A command as typed: the message and its arguments (the words after the command's name). */
public record CommandCall(TextMessage message, List<String> args) {
  public CommandCall {
    args = List.copyOf(args);
  }

  public Address user() {
    return message.user();
  }

  /** All arguments joined by single spaces. */
  public String rest() {
    return String.join(" ", args);
  }
}
