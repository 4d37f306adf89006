-- Re-claim cooldown: when a lead goes back to the pool, the previous owner and the time
-- (epoch milliseconds) are kept on the row, so a claim checks the cooldown in its one conditional
-- UPDATE. {"sandbox:zhangsan": 1764201600000, ...}
ALTER TABLE leads ADD COLUMN recycled jsonb NOT NULL DEFAULT '{}'::jsonb;
