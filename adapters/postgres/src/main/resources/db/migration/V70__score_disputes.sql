-- Disputes (有异议) of published scorecards (issue 14): the rep's comment on a version in force,
-- and the answer of the rep's team manager — accepted with the corrected dimension and figure (a
-- correction record, source salesbot-dispute, and a new version follow) or rejected with a reason.
-- The answer is a conditional write (only while open); answer_request recognises a redelivery.
CREATE TABLE score_disputes (
    id             text        PRIMARY KEY,        -- short and typeable
    rep            text        NOT NULL,           -- <platform>:<userId>
    team           text        NOT NULL,           -- the rep's team when opened
    period         text        NOT NULL,           -- YYYY-MM
    version        integer     NOT NULL CHECK (version >= 1),
    comment        text        NOT NULL CHECK (char_length(comment) BETWEEN 1 AND 500),
    opened_at      timestamptz NOT NULL,
    request        text        NOT NULL,           -- the chat message that opened it
    state          text        NOT NULL CHECK (state IN ('OPEN', 'ACCEPTED', 'REJECTED')),
    dimension      text,
    value          numeric     CHECK (value >= 0),
    answer         text        CHECK (char_length(answer) <= 500),
    answered_by    text,
    answered_at    timestamptz,
    answer_request text,
    CHECK ((state = 'OPEN') = (answered_at IS NULL)),
    CHECK (state <> 'ACCEPTED' OR (dimension IS NOT NULL AND value IS NOT NULL)),
    CHECK (state <> 'REJECTED' OR char_length(answer) >= 1)
);

CREATE INDEX score_disputes_team_idx ON score_disputes (team, state, opened_at);
CREATE INDEX score_disputes_rep_idx ON score_disputes (rep, opened_at DESC);
