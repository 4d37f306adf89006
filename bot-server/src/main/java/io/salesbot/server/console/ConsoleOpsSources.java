package io.salesbot.server.console;

import io.salesbot.core.ops.OpsSignals;
import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.score.Records;
import io.salesbot.core.score.ReleaseRecord;
import io.salesbot.core.team.TeamDirectory;
import java.util.List;

/**
 * Where the operations page reads its figures and what its buttons call: the same ports as the
 * admin API ({@code /api/v1/admin/dead-letters}) and the ops alerts ({@link OpsSignals}), and the
 * same use case as a manager's release of a quarantined record ({@link ReleaseRecord}).
 *
 * @param signals queues, outbox, dead letters and circuits, as the ops alerts read them
 * @param platforms the ids of the chat platforms that are on, in order
 * @param tokens the shared access-token cache the platform adapters use
 * @param tokenKeys the access tokens salesbot keeps, one per platform app
 * @param records the scorecard records, for the quarantined ones
 * @param release the release use case
 * @param rulesInForce the routing rules as leads are routed by them now ({@code
 *     RuleRouter.inForce})
 * @param rulesSource where the configured rules come from (a file's path or the property)
 * @param directory the teams, for names
 */
record ConsoleOpsSources(
    OpsSignals signals,
    List<String> platforms,
    AccessTokens tokens,
    List<TokenKey> tokenKeys,
    Records records,
    ReleaseRecord release,
    java.util.function.Supplier<List<io.salesbot.core.routing.domain.RoutingRule>> rulesInForce,
    String rulesSource,
    TeamDirectory directory) {
  ConsoleOpsSources {
    platforms = List.copyOf(platforms);
    tokenKeys = List.copyOf(tokenKeys);
  }

  /**
   * One access token salesbot keeps.
   *
   * @param platform the platform's id
   * @param app which app of it (a WeCom agent id, a DingTalk client id)
   * @param key its key in {@link AccessTokens}, as the adapter caches it
   */
  record TokenKey(String platform, String app, String key) {}
}
