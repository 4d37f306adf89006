-- 沟通记录 from chat (issue 13): the lead whose card each person acted on last, and the texts
-- offered as notes until the person presses 记录 or 不用.
CREATE TABLE note_acts (
    person  text        PRIMARY KEY,   -- the person's address
    lead_id text        NOT NULL,
    at      timestamptz NOT NULL
);

CREATE TABLE note_offers (
    event_id text        PRIMARY KEY,  -- the chat message offered as a note
    lead_id  text        NOT NULL,
    author   text        NOT NULL,
    text     text        NOT NULL CHECK (char_length(text) BETWEEN 1 AND 1000),
    at       timestamptz NOT NULL
);
