package io.salesbot.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.QueueBacklog;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.platform.DeadLetters;
import io.salesbot.core.platform.MonthlyQuota;
import io.salesbot.core.platform.OutboxBacklog;
import io.salesbot.core.platform.domain.DeadLetter;
import io.salesbot.core.testing.EchoMessages;
import io.salesbot.core.testing.InMemoryOnce;
import io.salesbot.core.testing.InMemoryTimers;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.RecordingOutbox;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Each ops condition raised and resolved as an alert card, with hysteresis, once across two
 * instances.
 */
class OpsAlertsTest {
  static final Address OPS = new Address("wecom-robot", "ops");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
  private final RecordingOutbox outbox = new RecordingOutbox();
  private final InMemoryOnce once = new InMemoryOnce(clock);
  private final InMemoryTimers timers = new InMemoryTimers();
  private volatile Map<String, Long> waiting = Map.of();
  private volatile Map<String, Duration> oldest = Map.of();
  private volatile List<MonthlyQuota.Use> quotas = List.of();
  private volatile List<QueueBacklog.Lane> lanes = List.of();
  private volatile List<String> openCircuits = List.of();
  private final List<DeadLetter> dead = new ArrayList<>();

  private final OutboxBacklog backlog =
      new OutboxBacklog() {
        @Override
        public Mono<Map<String, Long>> waiting() {
          return Mono.just(waiting);
        }

        @Override
        public Mono<Map<String, Duration>> oldestWaiting() {
          return Mono.just(oldest);
        }

        @Override
        public Mono<List<MonthlyQuota.Use>> monthlyQuotas() {
          return Mono.just(quotas);
        }
      };

  private final DeadLetters letters =
      new DeadLetters() {
        @Override
        public Flux<DeadLetter> list(int limit) {
          return Flux.fromIterable(List.copyOf(dead)).take(limit);
        }

        @Override
        public Mono<Boolean> replay(String id) {
          return Mono.just(false);
        }

        @Override
        public Mono<Integer> replayAll(String stream, Instant from, Instant to, int limit) {
          return Mono.just(0);
        }
      };

  private OpsAlerts instance(String name) {
    return new OpsAlerts(
        new OpsSignals(
            backlog, () -> Mono.just(lanes), letters, timers, () -> Mono.just(openCircuits)),
        once,
        new Talk(new EchoMessages(), new Replies(outbox), clock),
        OpsSettings.defaults(OPS),
        name);
  }

  private final OpsAlerts a = instance("a");

  private List<Card> cards() {
    return outbox.commands(DeliverCard.class).stream()
        .peek(c -> assertThat(c.recipients()).containsExactly(OPS))
        .peek(c -> assertThat(c.urgent()).isTrue())
        .map(DeliverCard::card)
        .peek(c -> assertThat(c.type()).isEqualTo(CardType.OPS_ALERT))
        .toList();
  }

  /** The titles of the cards told so far. */
  private List<String> told() {
    return cards().stream().map(Card::title).toList();
  }

  private static String raised(String kind, String label) {
    return "ops.card.raised(ops.condition." + kind + "(" + label + "))";
  }

  private static String resolved(String kind, String label) {
    return "ops.card.resolved(ops.condition." + kind + "(" + label + "))";
  }

  private static Map<String, String> fields(Card card) {
    Map<String, String> f = new java.util.LinkedHashMap<>();
    for (CardElement e : card.elements()) {
      if (e instanceof CardElement.Field field) {
        f.put(field.label(), field.value());
      }
    }
    return f;
  }

  /** One check per minute (the default interval), by {@code alerts}. */
  private List<String> minute(OpsAlerts... alerts) {
    clock.advance(Duration.ofMinutes(1));
    List<String> up = List.of();
    for (OpsAlerts x : alerts) {
      up = x.check().block();
    }
    return up;
  }

  @Test
  void outbox_backlog_is_raised_at_the_line_and_resolved_only_below_the_clear_line() {
    waiting = Map.of("wecom", 99L);
    assertThat(minute(a)).isEmpty();

    waiting = Map.of("wecom", 100L);
    assertThat(minute(a)).containsExactly("outbox:wecom");
    assertThat(told()).containsExactly(raised("outboxWaiting", "wecom"));

    // Between the lines: still up, nothing more said (no flapping).
    waiting = Map.of("wecom", 50L);
    minute(a);
    waiting = Map.of("wecom", 120L);
    minute(a);
    assertThat(told()).hasSize(1);

    waiting = Map.of("wecom", 19L);
    assertThat(minute(a)).isEmpty();
    assertThat(told())
        .containsExactly(raised("outboxWaiting", "wecom"), resolved("outboxWaiting", "wecom"));
  }

  @Test
  void the_raised_card_has_the_figure_the_line_and_since_when_and_the_resolved_one_how_long() {
    waiting = Map.of("wecom", 150L);
    minute(a); // 02:01Z = 10:01 in Shanghai
    Card up = cards().get(0);
    assertThat(up.cardId()).isEqualTo("ops-outbox-wecom-" + clock.instant().toEpochMilli());
    assertThat(up.buttons()).isEmpty();
    assertThat(up.elements().get(0))
        .isEqualTo(new CardElement.Text("ops.advice.outboxWaiting(wecom)"));
    assertThat(fields(up))
        .containsExactly(
            Map.entry("ops.field.now", "150"),
            Map.entry("ops.field.raiseAt", "100"),
            Map.entry("ops.field.since", "2026-11-26 10:01:00"));

    waiting = Map.of("wecom", 3L);
    clock.advance(Duration.ofMinutes(64));
    minute(a);
    Card down = cards().get(1);
    assertThat(down.cardId()).isEqualTo(up.cardId() + "-resolved");
    assertThat(down.elements().get(0))
        .isEqualTo(
            new CardElement.Text(
                "ops.card.resolvedText(ops.condition.outboxWaiting(wecom),ops.duration.hours(1,5))"));
    assertThat(fields(down))
        .containsExactly(
            Map.entry("ops.field.now", "3"),
            Map.entry("ops.field.clearBelow", "20"),
            Map.entry("ops.field.since", "2026-11-26 10:01:00"),
            Map.entry("ops.field.resolvedAt", "2026-11-26 11:06:00"));
  }

  @Test
  void an_inbound_lane_backlog_and_its_oldest_event_age_are_raised_and_resolved() {
    lanes = List.of(new QueueBacklog.Lane("hot", 999, Duration.ofSeconds(119)));
    assertThat(minute(a)).isEmpty();

    lanes = List.of(new QueueBacklog.Lane("hot", 1000, Duration.ofSeconds(150)));
    assertThat(minute(a)).containsExactly("queue-age:hot", "queue:hot");
    assertThat(told()).containsExactly(raised("queueBacklog", "hot"), raised("queueAge", "hot"));
    assertThat(fields(cards().get(1)))
        .containsEntry("ops.field.now", "ops.duration.minutes(2,30)")
        .containsEntry("ops.field.raiseAt", "ops.duration.minutes(2,0)");

    // Between the lines: no change.
    lanes = List.of(new QueueBacklog.Lane("hot", 500, Duration.ofSeconds(60)));
    minute(a);
    minute(a);
    assertThat(told()).hasSize(2);

    lanes = List.of(new QueueBacklog.Lane("hot", 0, Duration.ZERO));
    assertThat(minute(a)).isEmpty();
    assertThat(told()).endsWith(resolved("queueBacklog", "hot"), resolved("queueAge", "hot"));
  }

  @Test
  void an_outbox_message_waiting_too_long_is_raised_and_resolved_when_it_is_gone() {
    oldest = Map.of("dingtalk", Duration.ofMinutes(9));
    assertThat(minute(a)).isEmpty();
    oldest = Map.of("dingtalk", Duration.ofMinutes(10));
    assertThat(minute(a)).containsExactly("outbox-age:dingtalk");
    assertThat(told()).containsExactly(raised("outboxAge", "dingtalk"));

    // Nothing waits any more: the platform is no longer reported, which reads 0.
    oldest = Map.of();
    minute(a);
    assertThat(minute(a)).isEmpty();
    assertThat(told()).last().isEqualTo(resolved("outboxAge", "dingtalk"));
    assertThat(fields(cards().get(1))).containsEntry("ops.field.now", "ops.duration.seconds(0)");
  }

  @Test
  void an_open_circuit_is_raised_and_resolved_when_it_closes() {
    openCircuits = List.of("dingtalk");
    assertThat(minute(a)).containsExactly("circuit:dingtalk");
    assertThat(told()).containsExactly(raised("circuitOpen", "dingtalk"));

    openCircuits = List.of();
    minute(a);
    assertThat(minute(a)).isEmpty();
    assertThat(told())
        .containsExactly(raised("circuitOpen", "dingtalk"), resolved("circuitOpen", "dingtalk"));
  }

  @Test
  void timers_due_and_not_run_raise_the_timer_lag_and_running_them_resolves_it() {
    timers.schedule(new Timer("t1", "sla-breach", "lead-1", clock.instant(), "")).block();
    assertThat(minute(a)).isEmpty(); // 1 min late: below the 2 min line
    assertThat(minute(a)).containsExactly("timer-lag");
    assertThat(told()).containsExactly(raised("timerLag", ""));
    assertThat(fields(cards().get(0))).containsEntry("ops.field.now", "ops.duration.minutes(2,0)");

    timers.done("t1").block();
    minute(a);
    assertThat(minute(a)).isEmpty();
    assertThat(told()).last().isEqualTo(resolved("timerLag", ""));
  }

  @Test
  void a_monthly_quota_near_its_limit_is_raised_and_resolved() {
    YearMonth month = YearMonth.of(2026, 11);
    quotas = List.of(new MonthlyQuota.Use("dingtalk", "calls", month, 9_100, 10_000));
    assertThat(minute(a)).containsExactly("quota:dingtalk:calls");
    assertThat(told()).containsExactly(raised("quota", "dingtalk calls"));
    assertThat(fields(cards().get(0)))
        .containsEntry("ops.field.now", "91%")
        .containsEntry("ops.field.raiseAt", "90%");

    quotas = List.of(new MonthlyQuota.Use("dingtalk", "calls", month.plusMonths(1), 10, 10_000));
    minute(a);
    minute(a);
    assertThat(told()).last().isEqualTo(resolved("quota", "dingtalk calls"));
  }

  @Test
  void dead_letters_appearing_are_raised_and_their_replay_resolves_it() {
    assertThat(minute(a)).isEmpty();
    dead.add(
        new DeadLetter("1-0", "salesbot:outbound:wecom", Map.of(), "boom", 5, clock.instant()));
    assertThat(minute(a)).containsExactly("dead-letters");
    dead.clear();
    minute(a);
    minute(a);
    assertThat(told()).containsExactly(raised("deadLetters", ""), resolved("deadLetters", ""));
  }

  @Test
  void a_condition_is_told_at_most_once_per_two_intervals_and_a_late_change_is_told_later() {
    waiting = Map.of("wecom", 500L);
    minute(a);
    waiting = Map.of("wecom", 0L);
    // One minute after the raise: too soon to tell the resolution.
    assertThat(minute(a)).containsExactly("outbox:wecom");
    assertThat(told()).hasSize(1);
    // Two minutes after: told.
    assertThat(minute(a)).isEmpty();
    assertThat(told()).hasSize(2);
  }

  @Test
  void two_instances_tell_each_change_once_and_both_know_it() {
    OpsAlerts b = instance("b");
    waiting = Map.of("wecom", 500L);
    assertThat(minute(a, b)).containsExactly("outbox:wecom");
    assertThat(told()).containsExactly(raised("outboxWaiting", "wecom"));

    waiting = Map.of("wecom", 0L);
    minute(b, a);
    minute(b, a);
    assertThat(b.check().block()).isEmpty();
    assertThat(a.check().block()).isEmpty();
    assertThat(told())
        .containsExactly(raised("outboxWaiting", "wecom"), resolved("outboxWaiting", "wecom"));
  }

  @Test
  void hysteresis_lines_are_checked() {
    assertThatThrownBy(() -> new Hysteresis(10, 20)).hasMessageContaining("must not be above");
    assertThatThrownBy(() -> new Hysteresis(10, 0)).hasMessageContaining("at least 1");
  }
}
