package io.salesbot.core.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The slash commands: one {@link CommandHandler} per command, found by any of its names. Filled by
 * the core assembly; a name registered twice is a programming error.
 */
public final class Commands {
  private final Map<String, CommandHandler> byName = new LinkedHashMap<>();
  private final List<CommandHandler> all = new ArrayList<>();

  public Commands register(CommandHandler handler) {
    for (String name : handler.spec().names()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (byName.putIfAbsent(n, handler) != null) {
        throw new IllegalStateException("command name '" + n + "' is registered twice");
      }
    }
    all.add(handler);
    return this;
  }

  /** The command typed as {@code name} (with the slash, any case), if any. */
  public Optional<CommandHandler> byName(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Every command, in registration order. */
  public List<CommandHandler> all() {
    return List.copyOf(all);
  }
}
