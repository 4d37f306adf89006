package io.salesbot.adapter.redis;

/** The quotas contract on the embedded sharded Redis Cluster (cluster key layout). */
class RedisQuotasClusterContractTest extends RedisQuotasContractTest {
  @Override
  ContractRedis contractRedis() {
    return ContractRedis.cluster();
  }
}
