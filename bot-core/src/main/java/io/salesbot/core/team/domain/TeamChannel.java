package io.salesbot.core.team.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.util.Objects;

/**
 * A team's group chat: the team's grab offers go there instead of to each rep on that platform (a
 * manager typed {@code /bind-team} in the group). One per team; binding again moves it.
 *
 * @param teamId the team
 * @param channel the group chat, an {@link Address#group} address
 * @param boundBy the manager who bound it
 * @param boundAt when
 */
public record TeamChannel(String teamId, Address channel, Address boundBy, Instant boundAt) {
  public TeamChannel {
    Objects.requireNonNull(teamId, "teamId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(boundBy, "boundBy");
    Objects.requireNonNull(boundAt, "boundAt");
    if (!channel.isGroup()) {
      throw new IllegalArgumentException("a team channel must be a group chat, not " + channel);
    }
  }
}
