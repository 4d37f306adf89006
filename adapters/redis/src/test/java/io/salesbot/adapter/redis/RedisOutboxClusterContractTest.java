package io.salesbot.adapter.redis;

/** The outbox contract on the embedded sharded Redis Cluster (cluster key layout). */
class RedisOutboxClusterContractTest extends RedisOutboxContractTest {
  @Override
  ContractRedis contractRedis() {
    return ContractRedis.cluster();
  }
}
