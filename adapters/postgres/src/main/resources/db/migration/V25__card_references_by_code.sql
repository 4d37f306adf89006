-- A response code is taken (deleted) by its value before it is used: one send to many people
-- gives all of them the same code, and the code serves one update call (CardReferences.consume).
CREATE INDEX card_references_code_idx ON card_references (platform, reference);
