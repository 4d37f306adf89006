package io.salesbot.server.config;

import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.team.TeamDirectory;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The configured routing rules as salesbot routes by them: from the rules file when {@code
 * salesbot.routing.rules-file} is set (re-read when it changes), else {@code
 * salesbot.routing.rules}, fixed until a restart. The one place both the pipeline and the console's
 * operations page get them from.
 *
 * @param rules the rules now, read afresh on each call
 * @param source where they come from: the file's path, or {@code salesbot.routing.rules}
 */
public record RulesInForce(Supplier<List<RoutingRule>> rules, String source) {
  /** The rules of {@code properties}, or of {@code file} when there is one. */
  public static RulesInForce of(
      SalesbotProperties properties, TeamDirectory directory, @Nullable RoutingRulesFile file) {
    if (file != null) {
      return new RulesInForce(file::rules, file.path().toString());
    }
    List<RoutingRule> fixed = RoutingFactory.rules(properties, directory);
    return new RulesInForce(() -> fixed, "salesbot.routing.rules");
  }
}
