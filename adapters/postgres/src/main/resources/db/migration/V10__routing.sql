-- Routing engine: each team's round-robin turn, reps' duty status, pushed offers.

-- One row per team; nextTurn is one atomic upsert-increment, so two instances never share a turn.
CREATE TABLE routing_turns (
    team_id    text        PRIMARY KEY,
    turn       bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Reps who set their duty status; a rep without a row is on duty.
CREATE TABLE rep_duty (
    rep        text        PRIMARY KEY,            -- <platform>:<userId>
    on_duty    boolean     NOT NULL,
    changed_at timestamptz NOT NULL
);

-- Offers of a lead to one rep at a time (push strategies). (lead, attempt) is stored once.
CREATE TABLE lead_offers (
    lead_id    text        NOT NULL REFERENCES leads (id),
    attempt    integer     NOT NULL CHECK (attempt >= 1),
    rep        text        NOT NULL,
    state      text        NOT NULL,               -- io.salesbot.core.routing.domain.OfferState
    offered_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    closed_at  timestamptz,
    PRIMARY KEY (lead_id, attempt)
);

-- A rep's open leads and claims per day are counted from leads by owner.
CREATE INDEX leads_owner_status_idx ON leads (owner, status, claimed_at);
