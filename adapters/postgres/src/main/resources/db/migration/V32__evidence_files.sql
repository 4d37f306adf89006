-- Evidence files and photos (issue 12): what was stored, where it was sent from, the watermark
-- recorded with a photo, and the deal checkpoint the evidence was attached to.
ALTER TABLE evidence
    ADD COLUMN size         bigint,             -- bytes of the stored file
    ADD COLUMN content_type text,
    ADD COLUMN latitude     double precision,   -- as the platform gave it
    ADD COLUMN longitude    double precision,
    ADD COLUMN place        text,
    ADD COLUMN watermark    text,               -- photos: time · place · rep
    ADD COLUMN deal_id      text,
    ADD COLUMN checkpoint   text;
