package io.salesbot.adapter.redis;

/**
 * Figures of one stream for metrics.
 *
 * <p>Acknowledged entries are deleted from their stream, so what a stream holds is exactly its
 * unfinished work: {@code length} = {@code pending} + {@code lag}. This gives the consumer group's
 * lag exactly on Redis 6.2, which lacks the {@code lag} field of {@code XINFO GROUPS}.
 *
 * @param stream the key, e.g. {@code salesbot:in:hot} (standalone) or {@code {salesbot:in}:hot}
 *     (Redis Cluster)
 * @param queue what the stream is, the same whatever the key prefix and layout: {@code in:hot},
 *     {@code in:normal}, {@code out:<platform>}, {@code dead} (standalone) or {@code dead:in},
 *     {@code dead:out:<platform>} (cluster) — see {@link RedisAdapter#queues}
 * @param length entries in the stream (XLEN)
 * @param pending entries delivered to a consumer and not yet acknowledged (XPENDING)
 * @param lag entries not yet delivered to any consumer: {@code max(0, length - pending)}; zero for
 *     the dead-letter stream, which has no consumer group
 */
public record StreamStats(String stream, String queue, long length, long pending, long lag) {}
