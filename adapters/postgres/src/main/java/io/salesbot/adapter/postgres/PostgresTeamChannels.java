package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.domain.TeamChannel;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link TeamChannels} on PostgreSQL: table {@code team_channels}, one row per team (an upsert
 * moves a team to its new group). Read on every grab offer, so every instance sees a binding as
 * soon as it is committed.
 */
final class PostgresTeamChannels implements TeamChannels {
  private final DatabaseClient db;

  PostgresTeamChannels(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Void> bind(TeamChannel c) {
    return db.sql(
            "INSERT INTO team_channels (team_id, channel, bound_by, bound_at)"
                + " VALUES (:team, :channel, :by, :at)"
                + " ON CONFLICT (team_id) DO UPDATE SET channel = EXCLUDED.channel,"
                + " bound_by = EXCLUDED.bound_by, bound_at = EXCLUDED.bound_at")
        .bind("team", c.teamId())
        .bind("channel", c.channel().toString())
        .bind("by", c.boundBy().toString())
        .bind("at", PostgresLeads.time(c.boundAt()))
        .then();
  }

  @Override
  public Mono<TeamChannel> find(String teamId) {
    return db.sql(
            "SELECT team_id, channel, bound_by, bound_at FROM team_channels WHERE team_id = :team")
        .bind("team", teamId)
        .map(PostgresTeamChannels::row)
        .one();
  }

  @Override
  public Flux<TeamChannel> boundTo(Address channel) {
    return db.sql(
            "SELECT team_id, channel, bound_by, bound_at FROM team_channels"
                + " WHERE channel = :channel ORDER BY team_id")
        .bind("channel", channel.toString())
        .map(PostgresTeamChannels::row)
        .all();
  }

  @Override
  public Mono<Boolean> unbind(String teamId) {
    return db.sql("DELETE FROM team_channels WHERE team_id = :team")
        .bind("team", teamId)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  private static TeamChannel row(Readable row) {
    return new TeamChannel(
        PostgresLeads.required(row, "team_id"),
        Address.parse(PostgresLeads.required(row, "channel")),
        Address.parse(PostgresLeads.required(row, "bound_by")),
        PostgresLeads.instant(row, "bound_at"));
  }
}
