package io.salesbot.adapter.redis;

/** The send budgets contract on the embedded sharded Redis Cluster (cluster key layout). */
class RedisSendBudgetsClusterContractTest extends RedisSendBudgetsContractTest {
  @Override
  ContractRedis contractRedis() {
    return ContractRedis.cluster();
  }
}
