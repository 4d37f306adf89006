package io.salesbot.adapter.redis;

/** The inbound queue contract on the embedded sharded Redis Cluster (cluster key layout). */
class RedisInboundQueueClusterContractTest extends RedisInboundQueueContractTest {
  @Override
  ContractRedis contractRedis() {
    return ContractRedis.cluster();
  }
}
