package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.platform.SendBudgets.Budget;
import io.salesbot.core.platform.SendBudgets.Rate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
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
 * window of that length (sliding, so also in every calendar minute, hour or day). A recipient is
 * admitted only if their member bucket and the day bucket both have a token (all or none); the
 * call's token is taken together with the first recipient admitted, so a call nobody is admitted to
 * costs nothing. Recipients left out come back later (the platform's outcome is {@code
 * SendOutcome.Later}); the others are sent to at once.
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
   * Who may be sent to now by one call to {@code api} (a path such as {@code
   * /cgi-bin/message/send}), and how long the others should wait.
   *
   * @param now admitted, in the given order; their tokens are taken
   * @param later not admitted; nothing was taken for them
   * @param retryAfter until the first of {@code later} may have budget again; zero when none is
   *     left out
   */
  record Admission(List<Address> now, List<Address> later, Duration retryAfter) {}

  Mono<Admission> admit(String api, List<Address> recipients) {
    Budget call = new Budget("wecom:" + corpId + ":api:" + api, CORP_API);
    List<Address> now = new ArrayList<>();
    List<Address> later = new ArrayList<>();
    Duration[] wait = {Duration.ZERO};
    return Flux.fromIterable(recipients)
        .concatMap(
            r -> {
              List<Budget> wanted =
                  now.isEmpty() ? List.of(member(r), day, call) : List.of(member(r), day);
              return budgets
                  .take(wanted, 1)
                  .doOnNext(
                      w -> {
                        if (w.isZero()) {
                          now.add(r);
                        } else {
                          later.add(r);
                          if (wait[0].isZero() || w.compareTo(wait[0]) < 0) {
                            wait[0] = w;
                          }
                        }
                      });
            })
        .then(
            Mono.fromSupplier(() -> new Admission(List.copyOf(now), List.copyOf(later), wait[0])));
  }

  private Budget member(Address person) {
    return new Budget("wecom:" + corpId + ":" + agentId + ":member:" + person.userId(), MEMBER);
  }

  /** Budgets that never run out: for tests of other things. */
  static SendBudgets unlimited() {
    return (list, tokens) -> Mono.just(Duration.ZERO);
  }
}
