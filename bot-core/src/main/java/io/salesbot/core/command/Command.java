package io.salesbot.core.command;

import java.util.List;
import java.util.Optional;

/**
 * The slash commands: their names and Chinese aliases, how many arguments they take, and whether
 * only a manager may use them. Wording lives in the bundles under {@code command.<key>.usage} and
 * {@code command.<key>.help}.
 */
public enum Command {
  HELP("help", 0, 1, false, "/help", "/帮助", "/?"),
  POOL("pool", 0, 1, false, "/pool", "/公海"),
  LEADS("leads", 0, 0, false, "/leads", "/我的线索"),
  ASSIGN("assign", 2, 2, true, "/assign", "/分配"),
  REASSIGN("reassign", 2, 2, true, "/reassign", "/改派"),
  DUTY("duty", 1, 2, false, "/duty", "/值班"),
  WHY("why", 1, 1, false, "/why", "/为什么"),
  SLA("sla", 0, 1, false, "/sla", "/时效"),
  /** In a group chat: the manager's team's grab offers go to this group (see TeamChannels). */
  BIND_TEAM("bindTeam", 1, 4, true, "/bind-team", "/绑定群", "/绑定团队"),
  /** The team's grab offers go to each rep again. */
  UNBIND_TEAM("unbindTeam", 0, 4, true, "/unbind-team", "/解绑群", "/解绑团队");

  private final String key;
  private final int minArgs;
  private final int maxArgs;
  private final boolean managerOnly;
  private final List<String> names;

  Command(String key, int minArgs, int maxArgs, boolean managerOnly, String... names) {
    this.key = key;
    this.minArgs = minArgs;
    this.maxArgs = maxArgs;
    this.managerOnly = managerOnly;
    this.names = List.of(names);
  }

  /** The command typed as {@code name} (lower case, with the slash), if any. */
  public static Optional<Command> byName(String name) {
    for (Command c : values()) {
      if (c.names.contains(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  public List<String> names() {
    return names;
  }

  public boolean managerOnly() {
    return managerOnly;
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
