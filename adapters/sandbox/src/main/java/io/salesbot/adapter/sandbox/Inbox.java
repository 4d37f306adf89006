package io.salesbot.adapter.sandbox;

import io.salesbot.adapter.sandbox.InboxItem.CardItem;
import io.salesbot.adapter.sandbox.InboxItem.TextItem;
import io.salesbot.core.kernel.domain.Card;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One sandbox user's inbox, oldest item first. Bounded: when full, the oldest item is dropped. All
 * methods are synchronized on the inbox, so concurrent deliveries to one user are serialised while
 * different users never wait for each other.
 */
final class Inbox {
  private final int capacity;
  private final List<InboxItem> items = new ArrayList<>();

  Inbox(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("inbox capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Puts a card in: a card with a new id is appended; a card with an id already here replaces the
   * stored copy in place, but only when its version is not older than the stored one (a late, older
   * update never overwrites a newer one). Sending the same card twice is therefore harmless.
   *
   * @return the platform reference of this user's copy of the card
   */
  synchronized String putCard(Card card, Instant now, Supplier<String> newRef) {
    for (int i = 0; i < items.size(); i++) {
      InboxItem item = items.get(i);
      if (item instanceof CardItem) {
        CardItem stored = (CardItem) item;
        if (stored.card().cardId().equals(card.cardId())) {
          if (card.version() >= stored.card().version()) {
            items.set(i, new CardItem(stored.ref(), card, stored.receivedAt(), now));
          }
          return stored.ref();
        }
      }
    }
    String ref = newRef.get();
    append(new CardItem(ref, card, now, now));
    return ref;
  }

  /**
   * Appends a text message, unless the same command already put one here.
   *
   * @return the platform reference of this user's copy of the message
   */
  synchronized String putText(String commandId, String text, Instant now, Supplier<String> newRef) {
    for (InboxItem item : items) {
      if (item instanceof TextItem && ((TextItem) item).commandId().equals(commandId)) {
        return item.ref();
      }
    }
    String ref = newRef.get();
    append(new TextItem(ref, commandId, text, now));
    return ref;
  }

  /**
   * Appends an image, unless the same command already put one here.
   *
   * @return the platform reference of this user's copy of the image
   */
  synchronized String putImage(
      String commandId, String url, String caption, Instant now, Supplier<String> newRef) {
    for (InboxItem item : items) {
      if (item instanceof InboxItem.ImageItem i && i.commandId().equals(commandId)) {
        return item.ref();
      }
    }
    String ref = newRef.get();
    append(new InboxItem.ImageItem(ref, commandId, url, caption, now));
    return ref;
  }

  /** The current copy of a card, if this user has it. */
  synchronized Optional<Card> card(String cardId) {
    for (InboxItem item : items) {
      if (item instanceof CardItem && ((CardItem) item).card().cardId().equals(cardId)) {
        return Optional.of(((CardItem) item).card());
      }
    }
    return Optional.empty();
  }

  /** A snapshot of the items, newest first (a card keeps its place when it is updated). */
  synchronized List<InboxItem> newestFirst() {
    List<InboxItem> copy = new ArrayList<>(items);
    Collections.reverse(copy);
    return List.copyOf(copy);
  }

  private void append(InboxItem item) {
    items.add(item);
    while (items.size() > capacity) {
      items.remove(0);
    }
  }
}
