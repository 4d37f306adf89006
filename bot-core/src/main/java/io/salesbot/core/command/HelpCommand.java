package io.salesbot.core.command;

import java.util.Optional;
import reactor.core.publisher.Mono;

/** {@code /help [command]}: the list of commands, or one command's help, usage and aliases. */
public final class HelpCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.of("help", 0, Integer.MAX_VALUE, "/help", "/帮助", "/?");

  private final Commands commands;
  private final CommandSupport support;

  public HelpCommand(Commands commands, CommandSupport support) {
    this.commands = commands;
    this.support = support;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    if (call.args().isEmpty()) {
      return support.say(call, "reply.help");
    }
    String first = call.args().get(0);
    Optional<CommandHandler> c = commands.byName(first.startsWith("/") ? first : "/" + first);
    if (c.isEmpty()) {
      return support.say(call, "reply.help");
    }
    CommandSpec spec = c.get().spec();
    var m = support.messages();
    return support.say(
        call.message(),
        m.get(spec.helpKey())
            + "\n"
            + m.get("reply.usage", m.get(spec.usageKey()))
            + "\n"
            + m.get("reply.aliases", String.join(" ", spec.names())));
  }
}
