/**
 * Redis Streams adapter: intake lanes, per-platform outboxes, consumer-group workers with reclaim,
 * dead letters with replay, and idempotency keys; construct it through {@link
 * io.salesbot.adapter.redis.RedisAdapter}.
 */
@NullMarked
package io.salesbot.adapter.redis;

import org.jspecify.annotations.NullMarked;
