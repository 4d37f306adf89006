package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import java.util.ArrayList;
import java.util.List;

/** The commands' own cards: the welcome card, whose buttons run commands. */
public final class CommandCards {
  /** Runs a command as if typed; payload the command text, e.g. {@code /leads}. */
  public static final String COMMAND = io.salesbot.core.kernel.CardActions.RUN_COMMAND;

  private final Messages messages;

  public CommandCards(Messages messages) {
    this.messages = messages;
  }

  /**
   * The greeting when a person opens the bot: what salesbot does, and one button per everyday
   * command (its action {@link #COMMAND}, its payload the command as typed), so a tap does what
   * typing it would. Managers are reminded of their commands too.
   */
  public Card welcome(String cardId, String name, boolean manager) {
    List<CardElement> elements = new ArrayList<>();
    elements.add(new CardElement.Text(messages.get("card.welcome.text")));
    if (manager) {
      elements.add(new CardElement.Text(messages.get("card.welcome.manager")));
    }
    elements.add(new CardElement.Note(messages.get("card.welcome.note")));
    return new Card(
        cardId,
        1,
        CardType.WELCOME,
        messages.get("card.welcome.title", name),
        elements,
        List.of(
            new CardButton(
                COMMAND, messages.get("button.myLeads"), "/leads", CardButton.Style.PRIMARY),
            new CardButton(COMMAND, messages.get("button.pool"), "/pool", CardButton.Style.DEFAULT),
            new CardButton(
                COMMAND, messages.get("button.help"), "/help", CardButton.Style.DEFAULT)));
  }
}
