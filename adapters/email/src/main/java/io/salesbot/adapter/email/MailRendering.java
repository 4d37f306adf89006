package io.salesbot.adapter.email;

import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardElement;
import org.jspecify.annotations.Nullable;

/**
 * A neutral card as mail: its title the subject; its text, fields and notes as lines of plain text
 * and as simple HTML. Buttons are left out — mail cannot press them — and the footer says where to
 * act instead (the link, when configured).
 */
final class MailRendering {
  private static final String ACT_ELSEWHERE = "请在企业微信或钉钉中处理（邮件无法操作卡片按钮）";

  private MailRendering() {}

  record Mail(String subject, String text, String html) {}

  static Mail card(Card card, @Nullable String link) {
    StringBuilder text = new StringBuilder();
    StringBuilder html =
        new StringBuilder("<html><body style=\"font-family:sans-serif\"><h3>")
            .append(escape(card.title()))
            .append("</h3>");
    boolean table = false;
    for (CardElement e : card.elements()) {
      if (e instanceof CardElement.Field f) {
        text.append(f.label()).append("：").append(f.value()).append('\n');
        if (!table) {
          html.append("<table>");
          table = true;
        }
        html.append("<tr><td style=\"color:#666;padding-right:12px\">")
            .append(escape(f.label()))
            .append("</td><td>")
            .append(escape(f.value()))
            .append("</td></tr>");
        continue;
      }
      if (table) {
        html.append("</table>");
        table = false;
      }
      if (e instanceof CardElement.Text t) {
        text.append(t.text()).append('\n');
        html.append("<p>").append(escape(t.text())).append("</p>");
      } else if (e instanceof CardElement.Note n) {
        text.append(n.text()).append('\n');
        html.append("<p style=\"color:#888;font-size:small\">")
            .append(escape(n.text()))
            .append("</p>");
      }
    }
    if (table) {
      html.append("</table>");
    }
    footer(text, html, link, !card.buttons().isEmpty());
    return new Mail(card.title(), text.toString(), html.append("</body></html>").toString());
  }

  static Mail text(String body, @Nullable String link) {
    String first = body.strip().lines().findFirst().orElse("salesbot");
    String subject = first.length() > 60 ? first.substring(0, 60) + "…" : first;
    StringBuilder text = new StringBuilder(body).append('\n');
    StringBuilder html = new StringBuilder("<html><body style=\"font-family:sans-serif\">");
    body.lines().forEach(l -> html.append("<p>").append(escape(l)).append("</p>"));
    footer(text, html, link, false);
    return new Mail(subject, text.toString(), html.append("</body></html>").toString());
  }

  private static void footer(
      StringBuilder text, StringBuilder html, @Nullable String link, boolean hadButtons) {
    text.append("\n--\n");
    html.append("<hr>");
    if (hadButtons) {
      text.append(ACT_ELSEWHERE).append('\n');
      html.append("<p style=\"color:#888\">").append(escape(ACT_ELSEWHERE)).append("</p>");
    }
    if (link != null) {
      text.append(link).append('\n');
      html.append("<p><a href=\"")
          .append(escape(link))
          .append("\">")
          .append(escape(link))
          .append("</a></p>");
    }
    text.append("salesbot\n");
    html.append("<p style=\"color:#888;font-size:small\">salesbot</p>");
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
