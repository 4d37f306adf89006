-- Notes on leads (沟通记录, /note): kept with the lead, once per (lead, event) so a redelivered
-- message adds nothing twice. V40 leaves V31-V39 to other branches.
CREATE TABLE lead_notes (
    id       bigserial   PRIMARY KEY,
    lead_id  text        NOT NULL,
    author   text        NOT NULL,   -- the writer's address
    text     text        NOT NULL CHECK (char_length(text) BETWEEN 1 AND 1000),
    event_id text        NOT NULL,
    at       timestamptz NOT NULL,
    CONSTRAINT lead_notes_once UNIQUE (lead_id, event_id)
);

CREATE INDEX lead_notes_lead_id_at_idx ON lead_notes (lead_id, at, id);
