package io.salesbot.core.kernel.domain;

import java.util.List;
import java.util.Objects;

/**
 * A platform-neutral interactive message. Adapters render it for their platform and honour the
 * platform's limits. {@code cardId} names the card across updates; {@code version} grows with each
 * update so that a late, older update never overwrites a newer one.
 */
public record Card(
    String cardId,
    int version,
    CardType type,
    String title,
    List<CardElement> elements,
    List<CardButton> buttons) {
  public Card {
    Objects.requireNonNull(cardId, "cardId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    elements = List.copyOf(elements);
    buttons = List.copyOf(buttons);
  }
}
