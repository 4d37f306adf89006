package io.salesbot.core.kernel.domain;

import java.util.List;
import java.util.Objects;

/**
 * Something to send to people on one platform. {@code commandId} is deterministic, so a command
 * emitted twice (after a redelivery) reaches each recipient once.
 */
public sealed interface OutboundCommand {
  String commandId();

  List<Address> recipients();

  /** The platform of the recipients (all recipients of one command share it). */
  default String platform() {
    return recipients().get(0).platform();
  }

  /**
   * Whether the command should overtake others waiting for the same people when a send budget is
   * spent: a hot lead's offer, which a rep should see before the routine cards queued ahead of it.
   */
  default boolean urgent() {
    return false;
  }

  /** Send a new card; {@code urgent} for a hot lead's offer (see {@link #urgent()}). */
  record DeliverCard(String commandId, Card card, List<Address> recipients, boolean urgent)
      implements OutboundCommand {
    public DeliverCard {
      recipients = checked(recipients);
    }

    /** A card that waits in line like any other. */
    public DeliverCard(String commandId, Card card, List<Address> recipients) {
      this(commandId, card, recipients, false);
    }
  }

  /** Replace a card already sent, for these recipients. */
  record UpdateCard(String commandId, Card card, List<Address> recipients)
      implements OutboundCommand {
    public UpdateCard {
      recipients = checked(recipients);
    }
  }

  /** Send a plain text message. */
  record SendText(String commandId, String text, List<Address> recipients)
      implements OutboundCommand {
    public SendText {
      recipients = checked(recipients);
    }
  }

  /**
   * Send a chart image kept in {@link io.salesbot.core.kernel.ChartImages} under {@code imageId}.
   * Always an extra: the figures went before it as a card or text, so a platform that cannot show
   * images sends nothing.
   *
   * @param caption what the image shows, for platforms that send it with the image
   */
  record SendImage(String commandId, String imageId, String caption, List<Address> recipients)
      implements OutboundCommand {
    public SendImage {
      Objects.requireNonNull(imageId, "imageId");
      recipients = checked(recipients);
    }
  }

  private static List<Address> checked(List<Address> recipients) {
    Objects.requireNonNull(recipients, "recipients");
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least one recipient");
    }
    String platform = recipients.get(0).platform();
    if (recipients.stream().anyMatch(r -> !r.platform().equals(platform))) {
      throw new IllegalArgumentException("recipients of one command must share a platform");
    }
    return List.copyOf(recipients);
  }
}
