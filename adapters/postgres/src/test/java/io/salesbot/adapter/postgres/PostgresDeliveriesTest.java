package io.salesbot.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.Deliveries;
import io.salesbot.core.platform.domain.Delivery;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class PostgresDeliveriesTest extends DatabaseTest {
  private final Deliveries deliveries = adapter.deliveries();
  private final Address a = new Address("wecom", "ZhangSan");
  private final Address b = new Address("wecom", "LiSi");
  private final Address c = new Address("wecom", "WangWu");

  @Test
  void deliveredIsTheSubsetAlreadyRecorded() {
    StepVerifier.create(
            deliveries.record(
                List.of(new Delivery("cmd-1", a, "msg-a"), new Delivery("cmd-1", b, "msg-b"))))
        .verifyComplete();
    // Recording again, also twice in one call, is harmless and keeps the first reference.
    deliveries
        .record(List.of(new Delivery("cmd-1", a, "msg-a2"), new Delivery("cmd-1", a, "msg-a3")))
        .block();
    deliveries.record(List.of()).block();

    StepVerifier.create(deliveries.delivered("cmd-1", List.of(a, b, c)))
        .expectNext(Set.of(a, b))
        .verifyComplete();
    StepVerifier.create(deliveries.delivered("cmd-1", List.of(c)))
        .expectNext(Set.of())
        .verifyComplete();
    StepVerifier.create(deliveries.delivered("cmd-2", List.of(a, b)))
        .expectNext(Set.of())
        .verifyComplete();
    StepVerifier.create(deliveries.delivered("cmd-1", List.of()))
        .expectNext(Set.of())
        .verifyComplete();
    assertThat(database.count("SELECT count(*) FROM deliveries")).isEqualTo(2);
    assertThat(
            database.count(
                "SELECT count(*) FROM deliveries WHERE recipient = 'wecom:ZhangSan'"
                    + " AND platform_ref = 'msg-a'"))
        .isEqualTo(1);
  }
}
