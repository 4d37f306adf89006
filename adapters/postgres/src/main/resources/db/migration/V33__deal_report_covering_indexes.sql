-- Deal reports at scale (issue 12 benchmarks, docs/benchmarks.md): with 100,000 deals a team's
-- report read its ~3,400 deals and their transitions from the heap, one wide row (the checkpoints
-- text) per page — thousands of page reads per query. These indexes carry every column the
-- report queries (PostgresDealReports) read, so each reads index pages only (index-only scans).
-- They replace V31's narrower deals indexes, which they cover.

-- A team's deals by claim time (funnel cohorts, KPIs' open at the period's end, cycle time).
CREATE INDEX deals_team_cover_idx
    ON deals (team_id, opened_at) INCLUDE (id, stage, outcome, last_progress_at);
DROP INDEX deals_team_opened_idx;

-- A team's open deals by last progress (/stalled, the funnel's snapshot and stalled counts).
CREATE INDEX deals_team_open_cover_idx
    ON deals (team_id, last_progress_at) INCLUDE (stage, id, owner) WHERE outcome = 'OPEN';
DROP INDEX deals_team_open_progress_idx;

-- One deal's moves in time order with what the reports read of them (reached stage, overrides,
-- dwell, moves of a period, closing before a date).
CREATE INDEX deal_transitions_deal_cover_idx
    ON deal_transitions (deal_id, at) INCLUDE (id, kind, from_stage, to_stage, overridden);

-- First-response time: a team's leads, and each lead's first-touch clock.
CREATE INDEX leads_team_cover_idx ON leads (team_id) INCLUDE (id);
CREATE INDEX lead_sla_lead_cover_idx ON lead_sla (lead_id) INCLUDE (started_at, contacted_at);
