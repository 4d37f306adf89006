package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders neutral cards and texts as the JSON bodies of WeCom's {@code message/send} and {@code
 * message/update_template_card} (doc path/90236, path/94888). A card with buttons becomes a {@code
 * button_interaction} template card, any other a {@code text_notice}. WeCom's limits are honoured
 * by cutting, never by refusing: at most 6 buttons and 6 fields (further fields become lines of the
 * subtitle), texts truncated with "…".
 *
 * <p>Mapping: title → {@code main_title.title}; notes → {@code main_title.desc}; texts → {@code
 * sub_title_text}; fields → {@code horizontal_content_list}; buttons → {@code button_list} (key =
 * {@link CardKeys#buttonKey}).
 */
final class WecomMessages {
  static final int MAX_BUTTONS = 6;
  static final int MAX_FIELDS = 6;
  static final int TITLE_CHARS = 26;
  static final int DESC_CHARS = 30;
  static final int SUBTITLE_CHARS = 112;
  static final int KEYNAME_CHARS = 5;
  static final int VALUE_CHARS = 26;
  static final int BUTTON_CHARS = 10;
  static final int TEXT_BYTES = 2048;
  static final String ELLIPSIS = "…";

  /** WeCom's longest duplicate check, 4 hours (default 1800 s). */
  static final int DUPLICATE_CHECK_SECONDS = 4 * 60 * 60;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String cardUrl;

  WecomMessages(String cardUrl) {
    this.cardUrl = cardUrl;
  }

  /**
   * The body of {@code message/send} for a card; {@code taskSuffix} ends its {@code task_id}: the
   * call's idempotency key.
   */
  ObjectNode sendCard(Card card, List<String> userIds, int agentId, String taskSuffix) {
    ObjectNode body = JSON.objectNode();
    body.put("touser", String.join("|", userIds));
    body.put("msgtype", "template_card");
    body.put("agentid", agentId);
    body.set("template_card", templateCard(card, taskSuffix));
    body.put("enable_id_trans", 0);
    // A card's task_id makes its JSON one call's own, so this only ever stops a repeat of the same
    // call.
    duplicateCheck(body);
    return body;
  }

  /** The body of {@code message/update_template_card}: the whole card replaced. */
  ObjectNode updateCard(
      Card card, List<String> userIds, int agentId, String responseCode, String taskSuffix) {
    ObjectNode body = JSON.objectNode();
    ArrayNode users = body.putArray("userids");
    userIds.forEach(users::add);
    body.put("agentid", agentId);
    body.put("response_code", responseCode);
    body.set("template_card", templateCard(card, taskSuffix));
    return body;
  }

  /**
   * The body of {@code message/send} for plain text (at most 2048 bytes with its {@link #mark}).
   * WeCom's duplicate check is on: the same request JSON within {@link #DUPLICATE_CHECK_SECONDS} is
   * not shown again (path/90236), so a repeat of a call that WeCom carried out although its answer
   * never came (a timeout) is not shown twice. The text ends with the invisible {@link #mark} of
   * {@code key} (one per outbox command): two commands with the same words — {@code /pool} typed
   * twice — differ, and both arrive.
   */
  ObjectNode sendText(String text, List<String> userIds, int agentId, String key) {
    ObjectNode body = JSON.objectNode();
    body.put("touser", String.join("|", userIds));
    body.put("msgtype", "text");
    body.put("agentid", agentId);
    String mark = mark(key);
    body.putObject("text")
        .put(
            "content",
            truncateBytes(text, TEXT_BYTES - mark.getBytes(StandardCharsets.UTF_8).length) + mark);
    body.put("enable_id_trans", 0);
    duplicateCheck(body);
    return body;
  }

  /**
   * An image message: {@code {"msgtype":"image","image":{"media_id":..}}}, with the duplicate check
   * on: a repeat of the call carries the same {@code media_id}, another image (each upload gets its
   * own) does not.
   */
  ObjectNode sendImage(String mediaId, List<String> userIds, int agentId) {
    ObjectNode body = JSON.objectNode();
    body.put("touser", String.join("|", userIds));
    body.put("msgtype", "image");
    body.put("agentid", agentId);
    body.putObject("image").put("media_id", mediaId);
    duplicateCheck(body);
    return body;
  }

  /** Zero-width space: a 0 in a {@link #mark}. */
  static final char MARK_ZERO = '\u200B';

  /** Zero-width non-joiner: a 1 in a {@link #mark}. */
  static final char MARK_ONE = '\u200C';

  /** Bits in a {@link #mark}: two commands' marks meet once in four billion. */
  static final int MARK_BITS = 32;

  /**
   * The first {@value #MARK_BITS} bits of {@code key} (hex digits, e.g. a {@code SendKeys} key)
   * written as zero-width characters ({@link #MARK_ZERO}, {@link #MARK_ONE}): invisible where the
   * client draws them as the Unicode standard says (not checked on every WeCom client), but part of
   * the request JSON that WeCom's duplicate check compares.
   */
  static String mark(String key) {
    long bits = Long.parseLong(key.substring(0, MARK_BITS / 4), 16);
    StringBuilder mark = new StringBuilder(MARK_BITS);
    for (int i = MARK_BITS - 1; i >= 0; i--) {
      mark.append(((bits >>> i) & 1) == 0 ? MARK_ZERO : MARK_ONE);
    }
    return mark.toString();
  }

  /** The same request JSON within the interval is not shown again (path/90236). */
  private static void duplicateCheck(ObjectNode body) {
    body.put("enable_duplicate_check", 1);
    body.put("duplicate_check_interval", DUPLICATE_CHECK_SECONDS);
  }

  ObjectNode templateCard(Card card, String taskSuffix) {
    boolean interactive = !card.buttons().isEmpty();
    ObjectNode t = JSON.objectNode();
    t.put("card_type", interactive ? "button_interaction" : "text_notice");
    ObjectNode main = t.putObject("main_title");
    main.put("title", truncate(card.title(), TITLE_CHARS));
    List<String> notes = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<CardElement.Field> fields = new ArrayList<>();
    for (CardElement e : card.elements()) {
      if (e instanceof CardElement.Note) {
        notes.add(((CardElement.Note) e).text());
      } else if (e instanceof CardElement.Text) {
        texts.add(((CardElement.Text) e).text());
      } else if (e instanceof CardElement.Field) {
        fields.add((CardElement.Field) e);
      }
    }
    if (!notes.isEmpty()) {
      main.put("desc", truncate(String.join(" · ", notes), DESC_CHARS));
    }
    for (CardElement.Field extra :
        fields.subList(Math.min(MAX_FIELDS, fields.size()), fields.size())) {
      texts.add(extra.label() + "：" + extra.value());
    }
    if (!texts.isEmpty()) {
      t.put("sub_title_text", truncate(String.join("\n", texts), SUBTITLE_CHARS));
    }
    if (!fields.isEmpty()) {
      ArrayNode list = t.putArray("horizontal_content_list");
      for (CardElement.Field f : fields.subList(0, Math.min(MAX_FIELDS, fields.size()))) {
        ObjectNode item = list.addObject();
        item.put("keyname", truncate(f.label(), KEYNAME_CHARS));
        item.put("value", truncate(f.value(), VALUE_CHARS));
      }
    }
    if (!interactive) {
      // WeCom requires a link on a text_notice card.
      ObjectNode action = t.putObject("card_action");
      action.put("type", 1);
      action.put("url", cardUrl);
    }
    t.put("task_id", CardKeys.taskId(card.cardId(), card.version(), taskSuffix));
    if (interactive) {
      ArrayNode buttons = t.putArray("button_list");
      for (CardButton b : card.buttons().subList(0, Math.min(MAX_BUTTONS, card.buttons().size()))) {
        ObjectNode button = buttons.addObject();
        button.put("type", 0);
        button.put("text", truncate(b.label(), BUTTON_CHARS));
        button.put("style", style(b.style()));
        button.put("key", CardKeys.buttonKey(b.action(), b.payload()));
      }
    }
    return t;
  }

  private static int style(CardButton.Style style) {
    return switch (style) {
      case PRIMARY -> 1;
      case DEFAULT -> 2;
      case DANGER -> 3;
    };
  }

  /** At most {@code max} code points, the last one an ellipsis when cut. */
  static String truncate(String text, int max) {
    int length = text.codePointCount(0, text.length());
    if (length <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, max - 1);
    return text.substring(0, end) + ELLIPSIS;
  }

  /** At most {@code max} UTF-8 bytes, ending with an ellipsis when cut. */
  static String truncateBytes(String text, int max) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= max) {
      return text;
    }
    int budget = max - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + bytes > budget) {
        break;
      }
      out.appendCodePoint(cp);
      used += bytes;
      i += Character.charCount(cp);
    }
    return out.append(ELLIPSIS).toString();
  }
}
