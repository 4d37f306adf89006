package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardElement;
import java.nio.charset.StandardCharsets;

/**
 * Cards and texts as a group robot's markdown. Every value is escaped: a lead's name or remark
 * cannot become a heading, a quote, a link, bold text, a {@code <font>} or an {@code <@userid>}
 * mention. WeCom documents no escape character for robot markdown, so the characters that make
 * markup are replaced by their full-width forms, which read the same; line breaks inside a value
 * become spaces. Buttons are left out: a robot cannot receive clicks.
 */
final class RobotMarkdown {
  /** WeCom's limit on {@code markdown.content}, in UTF-8 bytes. */
  static final int MAX_BYTES = 4096;

  private RobotMarkdown() {}

  static String card(Card card) {
    StringBuilder md = new StringBuilder("**").append(inline(card.title())).append("**");
    for (CardElement e : card.elements()) {
      md.append('\n');
      if (e instanceof CardElement.Text t) {
        md.append(inline(t.text()));
      } else if (e instanceof CardElement.Field f) {
        md.append("> ").append(inline(f.label())).append("：").append(inline(f.value()));
      } else if (e instanceof CardElement.Note n) {
        md.append("<font color=\"comment\">").append(inline(n.text())).append("</font>");
      }
    }
    return fit(md.toString());
  }

  /** Plain text: its lines kept, each escaped. */
  static String text(String text) {
    StringBuilder md = new StringBuilder();
    for (String line : text.split("\r?\n", -1)) {
      if (!md.isEmpty()) {
        md.append('\n');
      }
      md.append(escape(line));
    }
    return fit(md.toString());
  }

  /** One value on one line. */
  static String inline(String value) {
    return escape(value.replaceAll("[\r\n]+", " "));
  }

  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      out.append(
          switch (c) {
            case '<' -> '＜';
            case '>' -> '＞';
            case '*' -> '＊';
            case '_' -> '＿';
            case '`' -> '｀';
            case '[' -> '［';
            case ']' -> '］';
            case '#' -> '＃';
            case '~' -> '～';
            default -> c;
          });
    }
    return out.toString();
  }

  /** Cut to WeCom's byte limit on a character boundary, marking the cut with an ellipsis. */
  static String fit(String md) {
    if (md.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return md;
    }
    int budget = MAX_BYTES - "…".getBytes(StandardCharsets.UTF_8).length;
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < md.length(); ) {
      int cp = md.codePointAt(i);
      int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + bytes > budget) {
        break;
      }
      out.appendCodePoint(cp);
      used += bytes;
      i += Character.charCount(cp);
    }
    return out.append('…').toString();
  }
}
