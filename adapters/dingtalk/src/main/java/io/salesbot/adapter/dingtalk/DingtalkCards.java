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
 * limits are honoured by cutting with "…", never by refusing: a 60-character title, at most {@value
 * #MAX_VALUE_BYTES} bytes (UTF-8) per value (DingTalk documents 1 KB per {@code cardParamMap}
 * value), at most {@value #MAX_BUTTONS} buttons with 8-character labels; {@link #fitted} cuts one
 * person's private data to {@value #MAX_PRIVATE_BYTES} bytes in all.
 *
 * <p>Everything that goes into the {@code markdown} variable or a markdown reply is text, never
 * markup: lead and form fields come from the public, so {@link #escape} turns markdown's characters
 * into their full-width look-alikes and line breaks into spaces — no link, image, heading or extra
 * line can be planted. salesbot's own formatting ({@code **label**：}) is added around the escaped
 * values.
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
  static final int MAX_VALUE_BYTES = 1024;
  static final int MAX_PRIVATE_BYTES = 1024;
  static final String ELLIPSIS = "…";

  private DingtalkCards() {}

  /**
   * The card's template variables; {@code render} (from the command that sends or updates the card,
   * {@link CardKeys#render}) goes into every button key, so that a press on a newer rendering is a
   * new click and a retried push of the same press is not.
   */
  static Map<String, String> params(Card card, String render) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("type", card.type().name().toLowerCase(Locale.ROOT));
    params.put("title", value(cut(oneLine(card.title()), TITLE_CHARS)));
    List<String> body = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (CardElement e : card.elements()) {
      if (e instanceof CardElement.Text) {
        body.add(escape(((CardElement.Text) e).text()));
      } else if (e instanceof CardElement.Field) {
        CardElement.Field f = (CardElement.Field) e;
        body.add("**" + escape(f.label()) + "**：" + escape(f.value()));
      } else if (e instanceof CardElement.Note) {
        notes.add(oneLine(((CardElement.Note) e).text()));
      }
    }
    params.put("markdown", value(cut(String.join("\n\n", body), MARKDOWN_CHARS)));
    params.put("note", value(cut(String.join(" · ", notes), NOTE_CHARS)));
    List<CardButton> buttons =
        card.buttons().subList(0, Math.min(MAX_BUTTONS, card.buttons().size()));
    params.put("buttonCount", Integer.toString(buttons.size()));
    for (int i = 0; i < buttons.size(); i++) {
      CardButton b = buttons.get(i);
      String n = Integer.toString(i + 1);
      params.put("btn" + n + "Label", cut(oneLine(b.label()), BUTTON_CHARS));
      params.put("btn" + n + "Style", b.style().name().toLowerCase(Locale.ROOT));
      params.put(
          "btn" + n + "Key", CardKeys.buttonKey(card.cardId(), b.action(), b.payload(), render));
    }
    return params;
  }

  /**
   * One person's private data: {@code params} cut so that the whole map, as JSON, is at most
   * {@value #MAX_PRIVATE_BYTES} bytes — the markdown body gives way first, then the note, then the
   * title. Buttons and their keys are never cut.
   */
  static Map<String, String> fitted(Map<String, String> params) {
    Map<String, String> out = new LinkedHashMap<>(params);
    for (String key : List.of("markdown", "note", "title")) {
      int over = jsonBytes(out) - MAX_PRIVATE_BYTES;
      String v = out.get(key);
      if (over <= 0) {
        return out;
      }
      if (v != null) {
        int room = Math.max(0, utf8(v) - over);
        out.put(key, cutBytes(v, room));
      }
    }
    return out;
  }

  private static int jsonBytes(Map<String, String> map) {
    return utf8(DingtalkEvents.JSON.writeValueAsString(map));
  }

  private static int utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** A template value: at most {@value #MAX_VALUE_BYTES} bytes. */
  static String value(String text) {
    return cutBytes(text, MAX_VALUE_BYTES);
  }

  /** {@code text} cut to at most {@code maxBytes} UTF-8 bytes, ending in "…" when cut. */
  static String cutBytes(String text, int maxBytes) {
    if (utf8(text) <= maxBytes) {
      return text;
    }
    int budget = maxBytes - utf8(ELLIPSIS);
    if (budget <= 0) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = utf8(new String(Character.toChars(cp)));
      if (used + n > budget) {
        break;
      }
      out.appendCodePoint(cp);
      used += n;
      i += Character.charCount(cp);
    }
    return out + ELLIPSIS;
  }

  /**
   * {@code text} as plain text inside DingTalk markdown: markdown's characters become full-width
   * look-alikes ({@code [ ] ( ) ! # * _ ` > < | ~ \}, and {@code - + .} that could start a list)
   * and line breaks become spaces. Full-width rather than backslashes, since how DingTalk's
   * renderer treats backslash escapes is not documented.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean lineStart = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String r =
          switch (c) {
            case '[' -> "［";
            case ']' -> "］";
            case '(' -> "（";
            case ')' -> "）";
            case '!' -> "！";
            case '#' -> "＃";
            case '*' -> "＊";
            case '_' -> "＿";
            case '`' -> "｀";
            case '>' -> "＞";
            case '<' -> "＜";
            case '|' -> "｜";
            case '~' -> "～";
            case '\\' -> "＼";
            case '\r', '\n', '\u2028', '\u2029' -> " ";
            case '-' -> lineStart ? "－" : "-";
            case '+' -> lineStart ? "＋" : "+";
            case '.' -> lineStart ? "．" : ".";
            default -> String.valueOf(c);
          };
      out.append(r);
      lineStart = lineStart && (c == ' ' || Character.isDigit(c));
    }
    return out.toString();
  }

  private static String oneLine(String text) {
    return text.replaceAll("[\\r\\n\\u2028\\u2029]+", " ");
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
