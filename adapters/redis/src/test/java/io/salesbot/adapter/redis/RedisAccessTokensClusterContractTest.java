package io.salesbot.adapter.redis;

/** The access tokens contract on the embedded sharded Redis Cluster (cluster key layout). */
class RedisAccessTokensClusterContractTest extends RedisAccessTokensContractTest {
  @Override
  ContractRedis contractRedis() {
    return ContractRedis.cluster();
  }
}
