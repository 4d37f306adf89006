-- Published scorecard versions (issue 14): each /publish freezes the month's next version, never
-- changed afterwards; which version is in force (a rollback moves it back), whether the month is
-- held, the audit of every publish, hold and rollback, and the withheld cards sent later.
CREATE TABLE score_publications (
    period       text        NOT NULL,   -- YYYY-MM
    version      integer     NOT NULL CHECK (version >= 1),
    published_at timestamptz NOT NULL,
    published_by text        NOT NULL,   -- <platform>:<userId>
    PRIMARY KEY (period, version)
);

-- Every rep's frozen scorecard of a version, best first (position), with the record versions
-- behind it (source/externalId@version); withheld: the rep had an open hold when it was frozen.
CREATE TABLE score_publication_scores (
    period       text     NOT NULL,
    version      integer  NOT NULL,
    position     integer  NOT NULL,
    rep          text     NOT NULL,
    team         text     NOT NULL,
    composite    numeric  NOT NULL,
    team_rank    integer  NOT NULL,
    company_rank integer  NOT NULL,
    axes         jsonb    NOT NULL CHECK (jsonb_typeof(axes) = 'object'), -- axis id → score as text
    strongest    text,
    weakest      text,
    records      text[]   NOT NULL,
    withheld     boolean  NOT NULL,
    PRIMARY KEY (period, version, rep),
    UNIQUE (period, version, position),
    FOREIGN KEY (period, version) REFERENCES score_publications (period, version)
);

-- Where each month stands: the version in force (0: none), the newest stored, held or not.
CREATE TABLE score_publication_state (
    period   text    PRIMARY KEY,
    in_force integer NOT NULL CHECK (in_force >= 0),
    latest   integer NOT NULL CHECK (latest >= in_force),
    held     boolean NOT NULL
);

CREATE TABLE score_publication_audit (
    id      bigserial   PRIMARY KEY,
    period  text        NOT NULL,
    action  text        NOT NULL CHECK (action IN ('publish', 'hold', 'rollback')),
    version integer     NOT NULL,
    by_whom text        NOT NULL,
    reason  text        NOT NULL,
    at      timestamptz NOT NULL,
    request text        NOT NULL   -- the request's id (chat event id): a redelivery is recognised
);

CREATE INDEX score_publication_audit_period_idx ON score_publication_audit (period, id);

-- Withheld cards sent after their hold was lifted: each once.
CREATE TABLE score_publication_sent (
    period  text        NOT NULL,
    version integer     NOT NULL,
    rep     text        NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (period, version, rep)
);
