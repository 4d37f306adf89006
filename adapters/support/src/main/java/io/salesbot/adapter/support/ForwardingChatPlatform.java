package io.salesbot.adapter.support;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.UserProfile;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendOutcome;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A chat platform that does everything as {@code delegate} does; a subclass overrides what it adds
 * (the platforms' chart-image wrappers override {@link #sendImage}).
 */
public abstract class ForwardingChatPlatform implements ChatPlatform {
  private final ChatPlatform delegate;

  protected ForwardingChatPlatform(ChatPlatform delegate) {
    this.delegate = delegate;
  }

  /** Nothing sent and nothing owed: every recipient counts as done (e.g. an image that is gone). */
  protected static Mono<SendOutcome> nothingSent() {
    return Mono.just(new SendOutcome.Delivered(List.of()));
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> recipients) {
    return delegate.sendCard(commandId, card, recipients);
  }

  @Override
  public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients) {
    return delegate.updateCard(commandId, card, recipients);
  }

  @Override
  public Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients) {
    return delegate.sendText(commandId, text, recipients);
  }

  @Override
  public Mono<SendOutcome> sendImage(
      String commandId, String imageId, String caption, List<Address> recipients) {
    return delegate.sendImage(commandId, imageId, caption, recipients);
  }

  @Override
  public Mono<UserProfile> resolveUser(Address user) {
    return delegate.resolveUser(user);
  }

  @Override
  public Mono<Boolean> circuitOpen() {
    return delegate.circuitOpen();
  }
}
