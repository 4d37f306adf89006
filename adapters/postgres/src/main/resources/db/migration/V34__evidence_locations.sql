-- A photo's watermark takes its place from the sender's latest location message within a window
-- (salesbot.evidence.location-window): PostgresEvidence.lastLocation reads it through this index.
CREATE INDEX evidence_locations ON evidence (uploader, received_at DESC) WHERE latitude IS NOT NULL;
