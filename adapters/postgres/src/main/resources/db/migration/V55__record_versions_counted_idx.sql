-- Scores read a period's counted records by when they happened (Records.counted).
CREATE INDEX record_versions_counted_idx ON record_versions (occurred_at)
    WHERE current AND NOT deleted AND status <> 'quarantined';
