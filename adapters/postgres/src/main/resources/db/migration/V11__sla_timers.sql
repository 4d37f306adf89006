-- First-touch SLA clocks and durable timers.

-- One first-touch clock per lead; a new owner restarts it.
CREATE TABLE lead_sla (
    lead_id      text        PRIMARY KEY REFERENCES leads (id),
    owner        text        NOT NULL,
    started_at   timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    contacted_at timestamptz,
    channel      text,                              -- io.salesbot.core.sla.domain.ContactChannel
    breached_at  timestamptz
);

CREATE INDEX lead_sla_started_at_idx ON lead_sla (started_at);

-- Durable timers. A poller leases due rows with FOR UPDATE SKIP LOCKED (leased_until), runs the
-- handler, then deletes the row; a crashed poller's lease runs out and another instance takes it.
CREATE TABLE timers (
    id           text        PRIMARY KEY,
    kind         text        NOT NULL,
    lead_id      text        NOT NULL,
    due_at       timestamptz NOT NULL,
    data         text        NOT NULL,
    leased_until timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX timers_due_at_idx ON timers (due_at);
