package io.salesbot.core.command;

import reactor.core.publisher.Mono;

/**
 * One slash command: its {@link CommandSpec} and what it does. Registered in {@link Commands} by
 * the core assembly; {@link HandleCommand} has already checked that the sender is registered, that
 * the argument count fits and, for manager commands, that the sender manages a team.
 */
public interface CommandHandler {
  CommandSpec spec();

  Mono<Void> run(CommandCall call);
}
