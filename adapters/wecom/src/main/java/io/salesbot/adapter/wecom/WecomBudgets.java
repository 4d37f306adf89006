package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.platform.SendBudgets.Budget;
import io.salesbot.core.platform.SendBudgets.Rate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * WeCom's send limits as {@link SendBudgets}, taken before every {@code message/send} and {@code
 * message/update_template_card} call. WeCom silently drops what is over a limit (path/90454), so
 * salesbot must stay under them rather than react to errors:
 *
 * <ul>
 *   <li>per app per member: 30 a minute and 1,000 an hour — bucket {@code
 *       wecom:<corp>:<agent>:member:<userId>}, one token per message to that person;
 *   <li>per app per day: licensed seats × 200 person-sends ({@code sending.dailySends}) — bucket
 *       {@code wecom:<corp>:<agent>:day}, one token per recipient;
 *   <li>per corp per API: 10,000 a minute and 150,000 an hour — bucket {@code
 *       wecom:<corp>:api:<path>}, one token per call.
 * </ul>
 *
 * Every rate is {@link Rate#atMost}, a token bucket that admits no more than the limit in any
 * window of that length (sliding, so also in every calendar minute, hour or day). A call goes to
 * all its recipients or waits for all of them: it is admitted only when every recipient's member
 * bucket, the call's bucket and the day's have a token each, so a call nobody is admitted to costs
 * nothing, and a call goes to the same people on every try (its {@code task_id} is made of them). A
 * call that waits comes back later (the platform's outcome is {@code SendOutcome.Later}).
 */
final class WecomBudgets {
  static final List<Rate> MEMBER =
      List.of(Rate.atMost(30, Duration.ofMinutes(1)), Rate.atMost(1_000, Duration.ofHours(1)));
  static final List<Rate> CORP_API =
      List.of(
          Rate.atMost(10_000, Duration.ofMinutes(1)), Rate.atMost(150_000, Duration.ofHours(1)));

  private final SendBudgets budgets;
  private final String corpId;
  private final int agentId;
  private final Budget day;

  WecomBudgets(SendBudgets budgets, String corpId, int agentId, long dailySends) {
    this.budgets = budgets;
    this.corpId = corpId;
    this.agentId = agentId;
    this.day =
        new Budget(
            "wecom:" + corpId + ":" + agentId + ":day",
            List.of(Rate.atMost(dailySends, Duration.ofDays(1))));
  }

  /**
   * Whether one call to {@code api} (a path such as {@code /cgi-bin/message/send}) may go to these
   * recipients now: all of them or none. A call's {@code task_id} is made of its recipients, so a
   * call must go to the same people on every try: were a try that timed out but was carried out
   * followed by one to only those who still had budget, that second call — a new {@code task_id} —
   * would show them the card again.
   *
   * @param now everyone, their tokens taken; or nobody
   * @param later everyone, when nobody was admitted; nothing was taken for them
   * @param retryAfter until they may have budget again; zero when admitted
   */
  record Admission(List<Address> now, List<Address> later, Duration retryAfter) {}

  /**
   * Takes one token from each recipient's member bucket and one from the call's, all or none, then
   * one per recipient from the day's. A day's budget that runs out after the members' tokens were
   * taken leaves those spent (the day's limit is reached at most once a day; spending too much only
   * delays).
   */
  Mono<Admission> admit(String api, List<Address> recipients) {
    if (recipients.isEmpty()) {
      return Mono.just(new Admission(List.of(), List.of(), Duration.ZERO));
    }
    Budget call = new Budget("wecom:" + corpId + ":api:" + api, CORP_API);
    List<Budget> wanted = new ArrayList<>();
    recipients.stream().distinct().forEach(r -> wanted.add(member(r)));
    wanted.add(call);
    List<Address> all = List.copyOf(recipients);
    return budgets
        .take(wanted, 1)
        .flatMap(w -> w.isZero() ? budgets.take(List.of(day), all.size()) : Mono.just(w))
        .map(
            w ->
                w.isZero()
                    ? new Admission(all, List.of(), Duration.ZERO)
                    : new Admission(List.of(), all, w));
  }

  private Budget member(Address person) {
    return new Budget("wecom:" + corpId + ":" + agentId + ":member:" + person.userId(), MEMBER);
  }

  /** Budgets that never run out: for tests of other things. */
  static SendBudgets unlimited() {
    return (list, tokens) -> Mono.just(Duration.ZERO);
  }
}
