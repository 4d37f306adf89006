package io.salesbot.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.platform.DeadLetters;
import io.salesbot.core.platform.MonthlyQuota;
import io.salesbot.core.platform.OutboxBacklog;
import io.salesbot.core.platform.domain.DeadLetter;
import io.salesbot.core.testing.EchoMessages;
import io.salesbot.core.testing.InMemoryOnce;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.RecordingOutbox;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Each ops condition raised and resolved, with hysteresis, once across two instances. */
class OpsAlertsTest {
  static final Address OPS = new Address("wecom-robot", "ops");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
  private final RecordingOutbox outbox = new RecordingOutbox();
  private final InMemoryOnce once = new InMemoryOnce(clock);
  private volatile Map<String, Long> waiting = Map.of();
  private volatile List<MonthlyQuota.Use> quotas = List.of();
  private final List<DeadLetter> dead = new ArrayList<>();

  private final OutboxBacklog backlog =
      new OutboxBacklog() {
        @Override
        public Mono<Map<String, Long>> waiting() {
          return Mono.just(waiting);
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
        backlog,
        letters,
        once,
        new Talk(new EchoMessages(), new Replies(outbox), clock),
        OpsSettings.defaults(OPS),
        name);
  }

  private final OpsAlerts a = instance("a");

  private List<String> told() {
    return outbox.commands(SendText.class).stream()
        .peek(t -> assertThat(t.recipients()).containsExactly(OPS))
        .map(SendText::text)
        .toList();
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
    assertThat(told()).containsExactly("ops.outboxWaiting(wecom,100,100)");

    // Between the lines: still up, nothing more said (no flapping).
    waiting = Map.of("wecom", 50L);
    minute(a);
    waiting = Map.of("wecom", 120L);
    minute(a);
    assertThat(told()).hasSize(1);

    waiting = Map.of("wecom", 19L);
    assertThat(minute(a)).isEmpty();
    assertThat(told())
        .containsExactly("ops.outboxWaiting(wecom,100,100)", "ops.resolved(wecom,19,20)");
  }

  @Test
  void a_monthly_quota_near_its_limit_is_raised_and_resolved() {
    YearMonth month = YearMonth.of(2026, 11);
    quotas = List.of(new MonthlyQuota.Use("dingtalk", "calls", month, 9_100, 10_000));
    assertThat(minute(a)).containsExactly("quota:dingtalk:calls");
    assertThat(told()).containsExactly("ops.quotaNearLimit(dingtalk calls,91,90)");

    quotas = List.of(new MonthlyQuota.Use("dingtalk", "calls", month.plusMonths(1), 10, 10_000));
    minute(a);
    minute(a);
    assertThat(told()).last().isEqualTo("ops.resolved(dingtalk calls,0,80)");
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
    assertThat(told())
        .containsExactly("ops.deadLetters(dead-letters,1,1)", "ops.resolved(dead-letters,0,1)");
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
    assertThat(told()).containsExactly("ops.outboxWaiting(wecom,500,100)");

    waiting = Map.of("wecom", 0L);
    minute(b, a);
    minute(b, a);
    assertThat(b.check().block()).isEmpty();
    assertThat(a.check().block()).isEmpty();
    assertThat(told())
        .containsExactly("ops.outboxWaiting(wecom,500,100)", "ops.resolved(wecom,0,20)");
  }

  @Test
  void hysteresis_lines_are_checked() {
    assertThatThrownBy(() -> new Hysteresis(10, 20)).hasMessageContaining("must not be above");
    assertThatThrownBy(() -> new Hysteresis(10, 0)).hasMessageContaining("at least 1");
  }
}
