package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.platform.SendBudgets.Budget;
import io.salesbot.core.platform.SendBudgets.Rate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * DingTalk's send limits as {@link SendBudgets}, counted by every instance together, so that
 * salesbot stays under limits DingTalk enforces by refusing (per-API QPS) or by quietly not
 * delivering (per-recipient quotas) instead of finding out afterwards.
 *
 * <ul>
 *   <li><b>Per API</b> ({@code dingtalk:<clientId>:api:<path>}): at most {@value #API_QPS} calls in
 *       any second — DingTalk allows internal apps about 20 QPS per API (third-party copy, not an
 *       official figure). A caller waits for a token in place, up to {@link #MAX_API_WAIT}; then
 *       the call fails as retryable ({@code api-budget}) and the retry or the outbox tries later.
 *   <li><b>Per person</b> ({@code dingtalk:<clientId>:to:<userId>}), for robot 1:1 cards and texts
 *       and replies: at most {@value #PERSON_PER_MINUTE} a minute and {@value #PERSON_PER_DAY} in
 *       any 24 hours. DingTalk publishes no per-user figure for robot 1:1 messages; these mirror
 *       the published ones nearby (custom robots: 20 a minute; work notifications: 500 per person
 *       per day, over which DingTalk answers success but delivers nothing). A person who gets
 *       twenty lead cards in a minute is past reading them anyway.
 *   <li><b>Per group</b> ({@code dingtalk:<clientId>:group:<openConversationId>}): at most {@value
 *       #GROUP_PER_MINUTE} a minute, the custom-robot group limit (error 130101, then a 10-minute
 *       block); no daily limit is known, so none is set.
 * </ul>
 *
 * Card updates count against the API budget only: they change a message, they add none. A recipient
 * whose budget is spent waits: {@link #admit} says who may be sent to now and when to try the
 * others.
 */
final class DingtalkBudgets {
  static final long API_QPS = 20;
  static final long PERSON_PER_MINUTE = 20;
  static final long PERSON_PER_DAY = 500;
  static final long GROUP_PER_MINUTE = 20;
  static final Duration MAX_API_WAIT = Duration.ofSeconds(2);
  static final String OUT_OF_BUDGET = "api-budget";

  private static final List<Rate> API = List.of(Rate.atMost(API_QPS, Duration.ofSeconds(1)));
  private static final List<Rate> PERSON =
      List.of(
          Rate.atMost(PERSON_PER_MINUTE, Duration.ofMinutes(1)),
          Rate.atMost(PERSON_PER_DAY, Duration.ofDays(1)));
  private static final List<Rate> GROUP =
      List.of(Rate.atMost(GROUP_PER_MINUTE, Duration.ofMinutes(1)));

  /** Who may be sent to now, and when to try the others ({@link Duration#ZERO}: nobody waits). */
  record Admission(List<Address> now, List<Address> later, Duration retryAfter) {}

  private final SendBudgets budgets;
  private final String prefix;

  DingtalkBudgets(SendBudgets budgets, String clientId) {
    this.budgets = budgets;
    this.prefix = "dingtalk:" + clientId + ":";
  }

  /** Budgets that never run out: for tests and tools that do not send for real. */
  static SendBudgets unlimited() {
    return (list, tokens) -> Mono.just(Duration.ZERO);
  }

  /** Waits until the API {@code name} may be called once more (at most {@link #MAX_API_WAIT}). */
  Mono<Void> api(String name) {
    List<Budget> budget = List.of(new Budget(prefix + "api:" + name, API));
    return Mono.defer(() -> waitFor(budget, name, System.nanoTime() + MAX_API_WAIT.toNanos()));
  }

  private Mono<Void> waitFor(List<Budget> budget, String name, long deadline) {
    return Mono.defer(() -> budgets.take(budget, 1))
        .flatMap(
            wait -> {
              if (wait.isZero()) {
                return Mono.just(true);
              }
              if (System.nanoTime() + wait.toNanos() > deadline) {
                return Mono.error(
                    new ChatDeliveryException(
                        DingtalkApi.PLATFORM,
                        OUT_OF_BUDGET,
                        "the " + API_QPS + " calls a second for " + name + " are taken",
                        true));
              }
              return Mono.delay(wait).then(Mono.empty());
            })
        .repeatWhenEmpty(Integer.MAX_VALUE, f -> f)
        .then();
  }

  /** Takes one message from each recipient's budget; those without one wait. */
  Mono<Admission> admit(List<Address> recipients) {
    return Flux.fromIterable(recipients)
        .concatMap(r -> budgets.take(List.of(budgetOf(r)), 1).map(w -> new Object[] {r, w}))
        .collectList()
        .map(
            results -> {
              List<Address> now = new ArrayList<>();
              List<Address> later = new ArrayList<>();
              Duration retryAfter = Duration.ZERO;
              for (Object[] pair : results) {
                Address r = (Address) pair[0];
                Duration wait = (Duration) pair[1];
                if (wait.isZero()) {
                  now.add(r);
                } else {
                  later.add(r);
                  retryAfter =
                      retryAfter.isZero() || wait.compareTo(retryAfter) < 0 ? wait : retryAfter;
                }
              }
              return new Admission(List.copyOf(now), List.copyOf(later), retryAfter);
            });
  }

  Budget budgetOf(Address recipient) {
    return recipient.isGroup()
        ? new Budget(prefix + "group:" + recipient.conversationId(), GROUP)
        : new Budget(prefix + "to:" + recipient.userId(), PERSON);
  }
}
