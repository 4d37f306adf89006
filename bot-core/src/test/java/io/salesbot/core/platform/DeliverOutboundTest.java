package io.salesbot.core.platform;

import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class DeliverOutboundTest {
  private final PipelineFixture f = new PipelineFixture();

  @Test
  void sends_once_per_recipient_even_when_redelivered() {
    SendText t = new SendText("c1", "hi", List.of(ZHANGSAN, LISI));
    StepVerifier.create(f.deliver.handle(t)).verifyComplete();
    StepVerifier.create(f.deliver.handle(t)).verifyComplete();
    assertThat(f.sandbox.sent()).hasSize(1);
    assertThat(f.deliveries.all()).hasSize(2);
  }

  @Test
  void a_failed_send_records_nothing_and_is_retried_later() {
    SendText t = new SendText("c1", "hi", List.of(ZHANGSAN));
    f.sandbox.failing(true);
    StepVerifier.create(f.deliver.handle(t)).expectError().verify();
    assertThat(f.deliveries.all()).isEmpty();
    f.sandbox.failing(false);
    StepVerifier.create(f.deliver.handle(t)).verifyComplete();
    assertThat(f.deliveries.all()).hasSize(1);
  }

  @Test
  void unknown_platform_fails_with_a_message_naming_it() {
    SendText t = new SendText("c1", "hi", List.of(Address.parse("wecom:x")));
    StepVerifier.create(f.deliver.handle(t))
        .expectErrorMessage("no chat platform 'wecom' is enabled; enabled: [sandbox]")
        .verify();
  }
}
