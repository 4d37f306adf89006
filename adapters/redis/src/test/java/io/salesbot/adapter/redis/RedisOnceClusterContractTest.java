package io.salesbot.adapter.redis;

/** The once-marks contract on the embedded sharded Redis Cluster (cluster key layout). */
class RedisOnceClusterContractTest extends RedisOnceContractTest {
  @Override
  ContractRedis contractRedis() {
    return ContractRedis.cluster();
  }
}
