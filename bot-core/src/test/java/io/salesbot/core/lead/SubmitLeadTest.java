package io.salesbot.core.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SubmitLeadTest {
  private final PipelineFixture f = new PipelineFixture();
  private final LeadSubmission s =
      new LeadSubmission(
          "i1",
          "web",
          "张三",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          Map.of(),
          Priority.NORMAL);

  @Test
  void queues_and_recognises_a_repeat() {
    StepVerifier.create(f.submit.submit(s))
        .expectNext(new SubmitLead.Accepted("i1", false, false))
        .verifyComplete();
    StepVerifier.create(f.submit.submit(s))
        .expectNext(new SubmitLead.Accepted("i1", true, false))
        .verifyComplete();
    assertThat(f.queue.events()).hasSize(1);
  }

  @Test
  void parks_in_the_database_when_the_queue_is_down_and_relays_later() {
    f.queue.down(true);
    StepVerifier.create(f.submit.submit(s))
        .expectNext(new SubmitLead.Accepted("i1", false, true))
        .verifyComplete();
    assertThat(f.fallback.parked()).hasSize(1);
    RelayFallback relay = new RelayFallback(f.fallback, f.queue);
    StepVerifier.create(relay.relay(10)).expectError().verify();
    assertThat(f.fallback.parked()).hasSize(1);
    f.queue.down(false);
    StepVerifier.create(relay.relay(10)).expectNext(1).verifyComplete();
    assertThat(f.fallback.parked()).isEmpty();
    assertThat(f.queue.events()).hasSize(1);
  }

  @Test
  void fails_clearly_when_nothing_can_hold_the_lead() {
    f.queue.down(true);
    f.fallback.down(true);
    StepVerifier.create(f.submit.submit(s)).expectError(IntakeUnavailableException.class).verify();
  }
}
