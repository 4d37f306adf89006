package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.Fixtures.T0;
import static io.salesbot.adapter.postgres.Fixtures.bare;
import static io.salesbot.adapter.postgres.Fixtures.submission;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.lead.IntakeFallback;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class PostgresIntakeFallbackTest extends DatabaseTest {
  private final IntakeFallback fallback = adapter.intakeFallback();

  @Test
  void storesOnceAndReturnsOldestFirstWithEveryField() {
    LeadSubmitted a = new LeadSubmitted(submission("intake-a", "13800138000", "o-1"), T0);
    LeadSubmitted b = new LeadSubmitted(bare("intake-b"), T0.plusNanos(1));
    LeadSubmitted c = new LeadSubmitted(submission("intake-c", null, null), T0.plusSeconds(2));

    StepVerifier.create(fallback.store(a)).expectNext(true).verifyComplete();
    StepVerifier.create(fallback.store(b)).expectNext(true).verifyComplete();
    StepVerifier.create(fallback.store(a)).expectNext(false).verifyComplete();
    StepVerifier.create(fallback.store(c)).expectNext(true).verifyComplete();

    StepVerifier.create(fallback.pending(2)).expectNext(a, b).verifyComplete();
    StepVerifier.create(fallback.pending(10)).expectNext(a, b, c).verifyComplete();
    assertThat(((LeadSubmitted) fallback.pending(1).blockFirst()).submission().attributes())
        .isEqualTo(Fixtures.ATTRIBUTES);

    StepVerifier.create(fallback.remove("intake-a")).verifyComplete();
    StepVerifier.create(fallback.remove("intake-a")).verifyComplete();
    StepVerifier.create(fallback.pending(10)).expectNext(b, c).verifyComplete();
    StepVerifier.create(fallback.pending(0)).verifyComplete();
  }

  @Test
  void skipsRowsThatNoLongerDecodeToALead() {
    database.execute(
        "INSERT INTO intake_fallback (intake_id, fields, created_at)"
            + " VALUES ('broken', '{\"type\": \"lead\"}', now() - interval '1 hour')");
    LeadSubmitted a = new LeadSubmitted(bare("intake-a"), T0);
    fallback.store(a).block();

    StepVerifier.create(fallback.pending(10)).expectNext(a).verifyComplete();
  }

  @Test
  void parksPlatformCallbacksAsWellAsLeads() {
    InboundEvent click =
        new InboundEvent.CardAction(
            "wecom:click-1", new Address("wecom", "ZhangSan"), "card-1", "claim", "lead-1", T0);
    InboundEvent text =
        new InboundEvent.TextMessage(
            "dingtalk:msg-1", new Address("dingtalk", "u1"), "/funnel", T0.plusSeconds(1));
    InboundEvent image =
        new InboundEvent.Unsupported("sandbox:img-1", "sandbox", "image", T0.plusSeconds(2));

    StepVerifier.create(fallback.store(click)).expectNext(true).verifyComplete();
    StepVerifier.create(fallback.store(text)).expectNext(true).verifyComplete();
    StepVerifier.create(fallback.store(image)).expectNext(true).verifyComplete();
    StepVerifier.create(fallback.store(click)).expectNext(false).verifyComplete();

    StepVerifier.create(fallback.pending(10)).expectNext(click, text, image).verifyComplete();
  }
}
