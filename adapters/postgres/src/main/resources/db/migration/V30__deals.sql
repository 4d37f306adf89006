-- Deal stages (issue 12): one deal per claimed lead, its moves, skip requests and evidence.
CREATE TABLE deals (
    id               text        PRIMARY KEY REFERENCES leads (id),
    team_id          text        NOT NULL,
    owner            text        NOT NULL,
    stage            int         NOT NULL,   -- index into salesbot.stages
    stage_entered_at timestamptz NOT NULL,
    opened_at        timestamptz NOT NULL,
    outcome          text        NOT NULL,   -- io.salesbot.core.stage.domain.DealOutcome
    outcome_reason   text,
    -- one line per checkpoint: id|state|kinds|evidence ids|doneAt|doneBy|dueAt (ISO-8601)
    checkpoints      text        NOT NULL,
    next_step        text,
    next_step_due    date,
    last_progress_at timestamptz NOT NULL,
    version          bigint      NOT NULL
);

CREATE INDEX deals_owner_idx ON deals (owner, outcome, opened_at DESC);
CREATE INDEX deals_team_idx ON deals (team_id, outcome, stage);

CREATE TABLE deal_transitions (
    id         bigserial   PRIMARY KEY,
    deal_id    text        NOT NULL REFERENCES deals (id),
    kind       text        NOT NULL,   -- io.salesbot.core.stage.domain.StageMove.Kind
    from_stage int         NOT NULL,
    to_stage   int         NOT NULL,
    outcome    text        NOT NULL,
    actor      text        NOT NULL,
    reason     text,
    evidence   text        NOT NULL,   -- comma-separated evidence ids
    overridden boolean     NOT NULL,   -- passed a shut gate with the manager's approval
    at         timestamptz NOT NULL
);

CREATE INDEX deal_transitions_deal_idx ON deal_transitions (deal_id, id);
CREATE INDEX deal_transitions_at_idx ON deal_transitions (at);

CREATE TABLE skip_requests (
    id           text        PRIMARY KEY,
    deal_id      text        NOT NULL REFERENCES deals (id),
    from_stage   int         NOT NULL,
    to_stage     int         NOT NULL,
    requested_by text        NOT NULL,
    reason       text        NOT NULL,
    requested_at timestamptz NOT NULL,
    state        text        NOT NULL,   -- PENDING, APPROVED, REJECTED
    decided_by   text,
    decided_at   timestamptz
);

CREATE TABLE evidence (
    id          text        PRIMARY KEY,
    uploader    text        NOT NULL,
    kinds       text        NOT NULL,   -- comma-separated EvidenceKind names
    note        text,
    file        text,                   -- the stored file's key (SHA-256)
    file_name   text,
    received_at timestamptz NOT NULL
);
