package io.salesbot.core.platform;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Who hears that a platform's {@link MonthlyQuota} is used up; raised once a month. */
@FunctionalInterface
public interface QuotaAlarm {
  /** Tells nobody (the WARN line is logged all the same). */
  QuotaAlarm NONE = use -> Mono.empty();

  Mono<Void> spent(MonthlyQuota.Use use);

  /**
   * Tells {@code managers} (the teams' managers) in a text through the outbox, one command per
   * platform, message {@code notice.quota.<platform>.<kind>} with the count, the limit and the
   * month. Its command id names the month, so it reaches each manager once even when raised twice.
   * A manager reached only through the platform whose quota is gone gets it when the quota is back.
   */
  static QuotaAlarm tellManagers(
      Supplier<List<Address>> managers, Outbox outbox, Messages messages) {
    return use -> {
      String text =
          messages.get(
              "notice.quota." + use.platform() + "." + use.kind(),
              use.used(),
              use.limit(),
              use.month().toString());
      Map<String, List<Address>> byPlatform =
          managers.get().stream().distinct().collect(Collectors.groupingBy(Address::platform));
      return Flux.fromIterable(byPlatform.entrySet())
          .concatMap(
              e ->
                  outbox.emit(
                      new SendText(
                          "quota-"
                              + use.platform()
                              + "-"
                              + use.kind()
                              + "-"
                              + use.month()
                              + "-"
                              + e.getKey(),
                          text,
                          e.getValue())))
          .then();
    };
  }
}
