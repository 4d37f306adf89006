package io.salesbot.core.testing.contract;

import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.testing.InMemoryTeamChannels;

class InMemoryTeamChannelsContractTest extends TeamChannelsContract {
  @Override
  protected TeamChannels teamChannels() {
    return new InMemoryTeamChannels();
  }
}
