-- Scorecard records from other systems (issue 14): every version kept, idempotent by
-- (source, external_id); the newest version is the current one. A quarantined version is stored,
-- not scored; a manager's release is kept on the version (who, why, when).
CREATE TABLE record_versions (
    source         text        NOT NULL,
    external_id    text        NOT NULL,
    version        integer     NOT NULL CHECK (version >= 1),
    current        boolean     NOT NULL,
    type           text        NOT NULL,
    rep            text        NOT NULL,   -- <platform>:<userId>
    occurred_at    timestamptz NOT NULL,
    deleted        boolean     NOT NULL,
    backfill       boolean     NOT NULL,
    contract_ref   text,                   -- the contract a payment or an assist names
    fields         jsonb       NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
    status         text        NOT NULL CHECK (status IN ('accepted', 'quarantined', 'released')),
    reason_rules   text[]      NOT NULL,   -- the rules a quarantined version breaks, in order
    reason_details text[]      NOT NULL,   -- what is wrong, one per rule
    received_at    timestamptz NOT NULL,
    released_by    text,
    release_reason text,
    released_at    timestamptz,
    PRIMARY KEY (source, external_id, version)
);

CREATE UNIQUE INDEX record_versions_current_idx ON record_versions (source, external_id) WHERE current;
CREATE INDEX record_versions_contracts_idx ON record_versions (external_id)
    WHERE current AND type = 'contract';
CREATE INDEX record_versions_payments_idx ON record_versions (contract_ref)
    WHERE current AND type = 'payment';
CREATE INDEX record_versions_quarantined_idx ON record_versions (source, external_id)
    WHERE current AND status = 'quarantined';

-- A rep whose scorecard for a period waits for a quarantined record; lifted (kept, with who and
-- why) by the record's next version or a manager's release.
CREATE TABLE record_holds (
    id          bigserial   PRIMARY KEY,
    rep         text        NOT NULL,
    period      text        NOT NULL,   -- YYYY-MM
    source      text        NOT NULL,
    external_id text        NOT NULL,
    reason      text        NOT NULL,
    held_at     timestamptz NOT NULL,
    lifted_at   timestamptz,
    lifted_by   text,                   -- a manager's address, or 'correction'
    lift_reason text
);

CREATE INDEX record_holds_open_idx ON record_holds (source, external_id) WHERE lifted_at IS NULL;

-- Months whose scores must be recomputed because a record of them arrived or changed.
CREATE TABLE record_dirty_periods (
    period    text        PRIMARY KEY,  -- YYYY-MM
    marked_at timestamptz NOT NULL
);
