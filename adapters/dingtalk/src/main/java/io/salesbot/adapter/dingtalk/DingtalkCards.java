package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a neutral card into the {@code cardParamMap} of salesbot's card-builder template ({@code
 * templates/dingtalk/salesbot-card.json}): every value a string, as DingTalk requires. DingTalk's
 * limits are honoured by cutting, never by refusing: a 60-character title, a 2,000-character
 * markdown body, at most {@value #MAX_BUTTONS} buttons with 8-character labels.
 *
 * <p>Keys: {@code type} (the card type, lower case), {@code title}, {@code markdown} (texts, then
 * fields as {@code **label**：value} lines), {@code note}, {@code buttonCount}, and per button
 * {@code btn<N>Label}, {@code btn<N>Style} ({@code primary|default|danger}) and {@code btn<N>Key}
 * (the callback parameter, {@link CardKeys#buttonKey}).
 */
final class DingtalkCards {
  static final int MAX_BUTTONS = 3;
  static final int TITLE_CHARS = 60;
  static final int MARKDOWN_CHARS = 2000;
  static final int NOTE_CHARS = 200;
  static final int BUTTON_CHARS = 8;
  static final int TEXT_CHARS = 5000;
  static final String ELLIPSIS = "…";

  private DingtalkCards() {}

  static Map<String, String> params(Card card) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("type", card.type().name().toLowerCase(Locale.ROOT));
    params.put("title", cut(card.title(), TITLE_CHARS));
    List<String> body = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (CardElement e : card.elements()) {
      if (e instanceof CardElement.Text) {
        body.add(((CardElement.Text) e).text());
      } else if (e instanceof CardElement.Field) {
        CardElement.Field f = (CardElement.Field) e;
        body.add("**" + f.label() + "**：" + f.value());
      } else if (e instanceof CardElement.Note) {
        notes.add(((CardElement.Note) e).text());
      }
    }
    params.put("markdown", cut(String.join("\n\n", body), MARKDOWN_CHARS));
    params.put("note", cut(String.join(" · ", notes), NOTE_CHARS));
    List<CardButton> buttons =
        card.buttons().subList(0, Math.min(MAX_BUTTONS, card.buttons().size()));
    params.put("buttonCount", Integer.toString(buttons.size()));
    for (int i = 0; i < buttons.size(); i++) {
      CardButton b = buttons.get(i);
      String n = Integer.toString(i + 1);
      params.put("btn" + n + "Label", cut(b.label(), BUTTON_CHARS));
      params.put("btn" + n + "Style", b.style().name().toLowerCase(Locale.ROOT));
      params.put("btn" + n + "Key", CardKeys.buttonKey(card.cardId(), b.action(), b.payload()));
    }
    return params;
  }

  /**
   * The answer to a card button click, which DingTalk applies to the clicker's card at once (the
   * format of open-dingtalk's card-callback samples: {@code cardUpdateOptions} + {@code
   * userPrivateData.cardParamMap}): the clicker's buttons disappear and the note shows an hourglass
   * until the queued click has been handled and {@code updateCard} brings the outcome. Clicking
   * twice is thus impossible, and the person sees at once that the click arrived. Language-neutral,
   * since the adapter does not know the deployment's locale.
   */
  static Map<String, Object> clickAnswer() {
    return Map.of(
        "cardUpdateOptions",
        Map.of("updateCardDataByKey", true, "updatePrivateDataByKey", true),
        "userPrivateData",
        Map.of("cardParamMap", Map.of("buttonCount", "0", "note", PENDING_NOTE)));
  }

  static final String PENDING_NOTE = "⏳ …";

  static String text(String text) {
    return cut(text, TEXT_CHARS);
  }

  static String cut(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, max - 1);
    return text.substring(0, end) + ELLIPSIS;
  }
}
