package io.salesbot.adapter.sandbox;

import io.salesbot.core.kernel.domain.Card;
import java.time.Instant;

/** Something in a sandbox user's inbox; {@code ref} is the platform reference handed out for it. */
sealed interface InboxItem {
  String ref();

  Instant receivedAt();

  /** A card, as last sent or updated. */
  record CardItem(String ref, Card card, Instant receivedAt, Instant updatedAt)
      implements InboxItem {}

  /** A text message; {@code commandId} lets a redelivered command land only once. */
  record TextItem(String ref, String commandId, String text, Instant receivedAt)
      implements InboxItem {}

  /**
   * A chart image, shown by its URL on this server ({@code /charts/{id}.png}); {@code commandId}
   * lets a redelivered command land only once.
   */
  record ImageItem(String ref, String commandId, String url, String caption, Instant receivedAt)
      implements InboxItem {}
}
