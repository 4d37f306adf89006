package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Answers what people type to the bot. Text starting with {@code /} is a command, looked up in
 * {@link Commands} (each with a Chinese alias); other text goes to {@link PlainText} (evidence for
 * a deal) and otherwise gets a short hint. Only people in a team may use salesbot ({@code /help} is
 * open to all). Unknown commands get the help, malformed ones their usage, a rep using a manager
 * command a clear refusal — never an error.
 */
public final class HandleCommand {
  /** What to do with a text that is no command; true when it was answered. */
  @FunctionalInterface
  public interface PlainText {
    Mono<Boolean> handle(TextMessage message);
  }

  private final Commands commands;
  private final CommandSupport support;
  private final PlainText plainText;
  private final Messages messages;

  /**
   * @param plainText tried first for text that is no command (e.g. evidence for a deal); the hint
   *     otherwise
   */
  public HandleCommand(Commands commands, CommandSupport support, PlainText plainText) {
    this.commands = commands;
    this.support = support;
    this.plainText = plainText;
    this.messages = support.messages();
  }

  public Mono<Void> handle(TextMessage message) {
    String text = message.text().strip();
    Optional<CommandHandler> command =
        text.startsWith("/") ? commands.byName(text.split("\\s+", 2)[0]) : Optional.empty();
    boolean help = command.filter(HelpCommand.class::isInstance).isPresent();
    if (!help && !support.registered(message.user())) {
      return support.say(message, messages.get("reply.notRegistered"));
    }
    if (!text.startsWith("/")) {
      return plainText
          .handle(message)
          .filter(answered -> answered)
          .switchIfEmpty(
              Mono.defer(() -> support.say(message, messages.get("reply.hint")).thenReturn(true)))
          .then();
    }
    String[] words = text.split("\\s+");
    if (command.isEmpty()) {
      return support.say(
          message, messages.get("reply.unknownCommand", words[0].toLowerCase(Locale.ROOT)));
    }
    CommandHandler c = command.get();
    List<String> args = Arrays.asList(words).subList(1, words.length);
    if (!c.spec().accepts(args.size())) {
      return support.usage(message, c.spec());
    }
    if (c.spec().managerOnly() && support.managedTeams(message.user()).isEmpty()) {
      return support.say(message, messages.get("reply.managerOnly"));
    }
    return c.run(new CommandCall(message, args));
  }
}
