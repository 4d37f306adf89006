-- The platform's handle on the card a person holds, needed to update that card later (WeCom's
-- response_code: one per send and per click, single-use, valid 72 h). The newest replaces older.
CREATE TABLE card_references (
    platform   text        NOT NULL,
    card_id    text        NOT NULL,
    person     text        NOT NULL,
    reference  text        NOT NULL,
    expires_at timestamptz NOT NULL,
    saved_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (platform, card_id, person)
);

CREATE INDEX card_references_expires_at_idx ON card_references (expires_at);
