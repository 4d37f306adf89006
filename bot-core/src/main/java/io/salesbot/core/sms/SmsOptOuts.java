package io.salesbot.core.sms;

import io.salesbot.core.kernel.domain.PhoneNumbers;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Numbers that asked not to get SMS from us (退订). Read before every welcome SMS. The server fills
 * it from configuration ({@code salesbot.sms.opt-out}); a store that people can add to from chat
 * would implement the same port.
 */
@FunctionalInterface
public interface SmsOptOuts {
  SmsOptOuts NONE = phone -> Mono.just(false);

  /** Whether {@code phone} (an 11-digit mainland mobile number) opted out. */
  Mono<Boolean> optedOut(String phone);

  /**
   * A fixed list, as people type numbers ({@code +86 138-0013-8000}).
   *
   * @throws IllegalArgumentException naming the first entry that is not a mainland mobile number
   */
  static SmsOptOuts of(Collection<String> phones) {
    Set<String> numbers =
        phones.stream()
            .map(
                raw ->
                    PhoneNumbers.normalise(raw)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "'"
                                        + PhoneNumbers.maskAll(raw)
                                        + "' is not a mainland mobile number")))
            .collect(Collectors.toUnmodifiableSet());
    return phone -> Mono.just(numbers.contains(phone));
  }
}
