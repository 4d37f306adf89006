-- Follow-up SLA: the last activity of the lead's owner (claim, assignment, Contacted). Timers carry
-- the owner and the activity time they were set for; a later activity or a new owner makes them
-- do nothing.
CREATE TABLE lead_activity (
    lead_id  text        PRIMARY KEY REFERENCES leads (id),
    owner    text        NOT NULL,
    last_at  timestamptz NOT NULL
);
