-- A team bound to a group chat (/bind-team): its grab offers go to that group instead of to each
-- rep on the group's platform. One group per team; binding again replaces it.
CREATE TABLE team_channels (
    team_id  text        PRIMARY KEY,
    channel  text        NOT NULL,   -- <platform>:group:<conversationId>
    bound_by text        NOT NULL,   -- the manager's address
    bound_at timestamptz NOT NULL
);

CREATE INDEX team_channels_channel_idx ON team_channels (channel);
