-- Manager reports over deals (/funnel, /kpi, /stalled, /skips; issue 12) and the chart images
-- that go with them. Reports aggregate in SQL, per team and period; these indexes let each
-- aggregate read one team's rows (or one period's transitions) from an index instead of the table.

-- Funnel cohorts and "open at the period's end": one team's deals by claim time.
CREATE INDEX deals_team_opened_idx ON deals (team_id, opened_at);
-- /stalled and the funnel's stalled count: one team's open deals by last progress.
CREATE INDEX deals_team_open_progress_idx ON deals (team_id, last_progress_at) WHERE outcome = 'OPEN';
-- KPIs over a period's moves: an index-only scan of the period's transitions.
CREATE INDEX deal_transitions_at_cover_idx
    ON deal_transitions (at) INCLUDE (deal_id, kind, from_stage, to_stage, overridden);
-- Skip requests of a period, and those of one deal.
CREATE INDEX skip_requests_requested_at_idx ON skip_requests (requested_at);
CREATE INDEX skip_requests_deal_idx ON skip_requests (deal_id);

-- Chart images served to the platforms (GET /charts/{id}.png); the id is 256 random bits in hex.
CREATE TABLE chart_images (
    id         text        PRIMARY KEY,
    png        bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chart_images_created_at_idx ON chart_images (created_at);
