-- One open dispute per rep and month (issue 14), enforced by PostgreSQL: opening was a read of the
-- rep's disputes then an insert, so two requests handled at once (two instances, or a double tap)
-- could both open one. The insert now conflicts on this index instead.
CREATE UNIQUE INDEX score_disputes_one_open_idx ON score_disputes (rep, period) WHERE state = 'OPEN';
