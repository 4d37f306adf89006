package io.salesbot.core.command;

import io.salesbot.core.card.Messages;
import io.salesbot.core.platform.Replies;
import io.salesbot.core.platform.domain.InboundEvent.TextMessage;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * Answers what people type to the bot. Text starting with {@code /} is a command ({@code /help},
 * alias {@code /帮助}); other text gets a short hint. Unknown commands get their usage, never an
 * error.
 */
public final class HandleCommand {
  private final Messages messages;
  private final Replies replies;

  public HandleCommand(Messages messages, Replies replies) {
    this.messages = messages;
    this.replies = replies;
  }

  public Mono<Void> handle(TextMessage message) {
    String text = message.text().strip();
    if (!text.startsWith("/")) {
      return replies.reply(message, message.user(), messages.get("reply.hint"));
    }
    String name = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    String answer =
        switch (name) {
          case "/help", "/帮助", "/?" -> messages.get("reply.help");
          default -> messages.get("reply.unknownCommand", name);
        };
    return replies.reply(message, message.user(), answer);
  }
}
