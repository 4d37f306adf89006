package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0_MILLIS;
import static io.salesbot.core.testing.contract.ContractFixtures.submission;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour of {@link InboundQueue} that webhooks and intake rely on: each event id is queued
 * once however often a platform redelivers it, and an event comes out as it went in.
 */
public abstract class InboundQueueContract {
  /** An empty queue; called once per test. */
  protected abstract InboundQueue inboundQueue();

  /**
   * Every event on the queue, as its consumer would read it; in the order they were appended among
   * the events of one lane (card actions and typed messages share a lane).
   */
  protected abstract List<InboundEvent> queued();

  private InboundQueue queue;

  private synchronized InboundQueue store() {
    if (queue == null) {
      queue = inboundQueue();
    }
    return queue;
  }

  private boolean enqueue(InboundEvent event) {
    return Boolean.TRUE.equals(store().enqueue(event).block());
  }

  private static CardAction click(String eventId, String cardId) {
    return new CardAction(eventId, LISI, cardId, "claim", "lead-1", T0_MILLIS);
  }

  @Test
  public void an_event_is_queued_once_per_event_id_and_the_first_is_kept() {
    CardAction first = click("ev-1", "card-1");
    assertThat(enqueue(first)).isTrue();
    assertThat(enqueue(click("ev-1", "card-redelivered"))).isFalse();
    assertThat(enqueue(first)).isFalse();

    assertThat(queued()).containsExactly(first);
  }

  @Test
  public void events_of_one_lane_come_out_in_the_order_they_went_in() {
    List<InboundEvent> events =
        List.of(
            click("ev-3", "card-1"),
            new TextMessage("ev-1", LISI, "/funnel", T0_MILLIS),
            click("ev-2", "card-2"));
    events.forEach(this::enqueue);

    assertThat(queued()).containsExactlyElementsOf(events);
  }

  @Test
  public void every_kind_of_event_comes_out_as_it_went_in() {
    Address group = Address.group("sandbox", "g-east");
    List<InboundEvent> events =
        List.of(
            new LeadSubmitted(submission("i1", "13812345678", "o-1"), T0_MILLIS),
            new LeadSubmitted(submission("i2", null, null), T0_MILLIS.plusMillis(1)),
            new CardAction(
                "ev-1",
                LISI,
                "card-1",
                "claim",
                "lead-1",
                T0_MILLIS,
                new CardAction.Reference("code-1", T0_MILLIS.plusSeconds(3600))),
            new TextMessage("ev-2", LISI, "/bind-team east", T0_MILLIS, group),
            new InboundEvent.Entered("ev-3", LISI, T0_MILLIS),
            new InboundEvent.Unsupported("ev-4", "dingtalk", "image", T0_MILLIS));
    for (InboundEvent e : events) {
      assertThat(enqueue(e)).isTrue();
    }

    assertThat(queued()).containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  public void concurrent_redeliveries_of_one_event_are_queued_once() {
    CardAction event = click("ev-1", "card-1");

    List<Boolean> results =
        Flux.range(0, 12)
            .parallel(8)
            .runOn(Schedulers.boundedElastic())
            .flatMap(n -> store().enqueue(event))
            .sequential()
            .collectList()
            .block();

    assertThat(Objects.requireNonNull(results)).hasSize(12);
    assertThat(results.stream().filter(Boolean::booleanValue)).hasSize(1);
    assertThat(queued()).containsExactly(event);
  }

  @Test
  public void events_handed_in_together_are_each_answered_as_if_alone() {
    // All four are in flight at once: a queue that sends them to its store together (a group
    // commit) must still answer each on its own, the repeat within the group as a duplicate.
    List<InboundEvent> events =
        List.of(
            click("ev-1", "card-1"),
            new LeadSubmitted(submission("i1", "13812345678", "o-1"), T0_MILLIS),
            click("ev-1", "card-again"),
            click("ev-2", "card-2"));

    List<Boolean> answers =
        Flux.fromIterable(events)
            .flatMapSequential(e -> store().enqueue(e), events.size())
            .collectList()
            .block();

    assertThat(answers).containsExactly(true, true, false, true);
    assertThat(queued()).containsExactlyInAnyOrder(events.get(0), events.get(1), events.get(3));
  }

  @Test
  public void nothing_is_queued_until_subscribed() {
    store().enqueue(click("ev-1", "card-1"));
    CardAction later = click("ev-1", "card-later");

    assertThat(queued()).isEmpty();
    assertThat(enqueue(later)).isTrue();
    assertThat(queued()).containsExactly(later);
  }
}
