package io.salesbot.adapter.wechatmp;

import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.lead.SubmitLead;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryIntakeFallback;
import io.salesbot.core.testing.InMemoryQuotas;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.RecordingOutbox;
import java.time.Instant;
import java.util.List;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The adapter wired to in-memory fakes and an API stand-in at {@code apiBaseUrl}. */
final class Fixture {
  final MutableClock clock = new MutableClock(Instant.ofEpochSecond(Payloads.SIGNED_AT));
  final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  final InMemoryIntakeFallback fallback = new InMemoryIntakeFallback();
  final RecordingOutbox outbox = new RecordingOutbox();
  final InMemoryQuotas quotas = new InMemoryQuotas(clock);
  final InMemoryAccessTokens tokens = new InMemoryAccessTokens();
  final WechatMpAdapterConfiguration adapter;
  final WebTestClient web;

  Fixture(WechatMpSettings settings) {
    adapter =
        new WechatMpAdapterConfiguration(
            settings, new SubmitLead(queue, fallback, clock), outbox, tokens, quotas, clock);
    web = WebTestClient.bindToRouterFunction(adapter.routes()).build();
  }

  List<InboundEvent.LeadSubmitted> leads() {
    return queue.events().stream()
        .filter(InboundEvent.LeadSubmitted.class::isInstance)
        .map(InboundEvent.LeadSubmitted.class::cast)
        .toList();
  }
}
