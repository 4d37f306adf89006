package io.salesbot.core.command;

import java.util.List;

/**
 * What a slash command is called (its names with Chinese aliases, the first the canonical one), how
 * many arguments it takes, and whether only a manager may use it. Wording lives in the bundles
 * under {@code command.<key>.usage} and {@code command.<key>.help}.
 */
public record CommandSpec(
    String key, int minArgs, int maxArgs, boolean managerOnly, List<String> names) {
  public CommandSpec {
    names = List.copyOf(names);
    if (names.isEmpty() || names.stream().anyMatch(n -> !n.startsWith("/"))) {
      throw new IllegalArgumentException("command " + key + " needs names starting with /");
    }
  }

  /** For anyone. */
  public static CommandSpec of(String key, int minArgs, int maxArgs, String... names) {
    return new CommandSpec(key, minArgs, maxArgs, false, List.of(names));
  }

  /** For managers only. */
  public static CommandSpec managers(String key, int minArgs, int maxArgs, String... names) {
    return new CommandSpec(key, minArgs, maxArgs, true, List.of(names));
  }

  public boolean accepts(int args) {
    return args >= minArgs && args <= maxArgs;
  }

  public String usageKey() {
    return "command." + key + ".usage";
  }

  public String helpKey() {
    return "command." + key + ".help";
  }
}
