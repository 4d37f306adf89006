-- Feed health of the scorecard record sources (issue 14): what each source delivered and when,
-- the conditions up now (one row per source and kind: raising is an insert that only one
-- instance wins), and the periods held because of them until a manager releases them.
CREATE TABLE feed_observations (
    id       bigserial   PRIMARY KEY,
    source   text        NOT NULL,
    type     text        NOT NULL,      -- '' when the record named no known type, or a tombstone
    at       timestamptz NOT NULL,      -- arrival
    outcome  text        NOT NULL CHECK (outcome IN ('accepted', 'quarantined', 'refused')),
    fields   text[]      NOT NULL,
    unknown  text[]      NOT NULL,
    missing  text[]      NOT NULL,
    period   text        NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$')
);
CREATE INDEX feed_observations_source_at ON feed_observations (source, at DESC, id DESC);
CREATE INDEX feed_observations_at ON feed_observations (at);

CREATE TABLE feed_conditions (
    source text        NOT NULL,
    kind   text        NOT NULL CHECK (kind IN ('silent', 'failing', 'shape')),
    since  timestamptz NOT NULL,
    detail text        NOT NULL,
    PRIMARY KEY (source, kind)
);

CREATE TABLE feed_holds (
    source          text        NOT NULL,
    kind            text        NOT NULL,
    since           timestamptz NOT NULL,   -- the condition's
    period          text        NOT NULL,
    detail          text        NOT NULL,
    released_by     text,
    released_reason text,
    released_at     timestamptz,
    PRIMARY KEY (source, kind, since, period),
    CHECK ((released_at IS NULL) = (released_by IS NULL)
       AND (released_at IS NULL) = (released_reason IS NULL))
);
CREATE INDEX feed_holds_open ON feed_holds (period) WHERE released_at IS NULL;
