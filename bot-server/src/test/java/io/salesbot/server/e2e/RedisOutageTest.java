package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.server.devservices.DevServices;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis stops during intake: leads are parked in PostgreSQL, acknowledged, and processed once it is
 * back.
 */
class RedisOutageTest extends EndToEndSupport {

  @AfterEach
  void redisBack() {
    if (!DevServices.redis().isRunning()) {
      DevServices.redis().start();
    }
  }

  @Test
  void leads_taken_while_redis_is_down_are_processed_after_it_returns() {
    DevServices.redis().stop();
    String phone = randomPhone();
    String intakeId = submit("{\"name\":\"断线客户\",\"phone\":\"" + phone + "\",\"region\":\"华南\"}");
    assertThat(count("select count(*) from intake_fallback where intake_id = '" + intakeId + "'"))
        .isEqualTo(1);
    String again =
        submit("{\"name\":\"断线客户二\",\"region\":\"华南\",\"externalId\":\"outage-" + phone + "\"}");
    assertThat(
            submit(
                "{\"name\":\"断线客户二\",\"region\":\"华南\",\"externalId\":\"outage-" + phone + "\"}"))
        .isEqualTo(again);

    DevServices.redis().start();

    Map<String, Object> lead =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")));
    assertThat(lead).containsEntry("team", "south");
    awaitItem("chenqi", card("lead-" + lead.get("id"), "LEAD_OFFER"));
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> lead(again), l -> "POOLED".equals(l.get("status")));
    assertThat(count("select count(*) from intake_fallback")).isZero();
    assertThat(count("select count(*) from leads where external_id = 'outage-" + phone + "'"))
        .isEqualTo(1);
  }
}
