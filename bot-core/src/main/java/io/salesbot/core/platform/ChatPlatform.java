package io.salesbot.core.platform;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.UserProfile;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A chat platform (WeCom, DingTalk, the sandbox, ...). Implementations render neutral cards for
 * their platform, honour its limits, and keep blocking SDK calls off the event loop. A send answers
 * its {@link SendOutcome} (all delivered, or some later); a failure is a {@link
 * ChatDeliveryException}.
 */
public interface ChatPlatform {
  /** The platform part of the addresses this platform serves, e.g. {@code sandbox}. */
  String id();

  /** Sends a new card to each recipient; one delivery per recipient reached. */
  Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> recipients);

  /** Replaces a card sent before (same card id), for these recipients only. */
  Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients);

  /** Sends plain text. */
  Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients);

  /**
   * Sends a chart image kept in {@link io.salesbot.core.kernel.ChartImages}. The figures always
   * went before it as text, so a platform that cannot show the image answers delivered without
   * sending (the default).
   */
  default Mono<SendOutcome> sendImage(
      String commandId, String imageId, String caption, List<Address> recipients) {
    return Mono.just(new SendOutcome.Delivered(List.of()));
  }

  /**
   * Looks a person up on the platform (name, department). Empty when the platform does not know
   * them, or cannot tell.
   */
  default Mono<UserProfile> resolveUser(Address user) {
    return Mono.empty();
  }

  /**
   * True while this instance's circuit breaker for the platform's API is open: calls fail at once
   * and sends wait in the outbox. False for platforms without one (the default).
   */
  default Mono<Boolean> circuitOpen() {
    return Mono.just(false);
  }
}
