package io.salesbot.core.stage;

import io.salesbot.core.stage.domain.EvidenceKind;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a typed note can prove: always a note; an amount when it names one (50万, 120,000元, ¥3000,
 * 30-50万); a date when it names one (2026-12-10, 12月10日, 12/10); a person when it names someone
 * with a role (王总 CTO, 李经理（采购）, 决策人：张三).
 */
final class EvidenceText {
  private static final Pattern AMOUNT =
      Pattern.compile("(?:[¥￥]\\s*\\d[\\d,.]*|\\d[\\d,.]*\\s*(?:万|元|块|千|k|K|w|W|亿))");
  private static final Pattern DATE =
      Pattern.compile(
          "(?:\\d{4}[-/.年]\\d{1,2}[-/.月]\\d{1,2}日?|\\d{1,2}月\\d{1,2}[日号]|\\b\\d{1,2}/\\d{1,2}\\b)");
  private static final Pattern PERSON =
      Pattern.compile(
          "(?:决策人|联系人|负责人|对接人)\\s*[:：]\\s*\\S+|\\S{1,8}(?:总|经理|主任|总监|老板|董事长|CEO|CTO|CFO|COO|VP)(?:\\s|$|[（(,，])|\\S{1,8}\\s*[（(][^)）]{1,20}[)）]");

  private EvidenceText() {}

  static Set<EvidenceKind> kinds(String text) {
    Set<EvidenceKind> kinds = EnumSet.of(EvidenceKind.NOTE);
    if (AMOUNT.matcher(text).find()) {
      kinds.add(EvidenceKind.AMOUNT);
    }
    if (DATE.matcher(text).find()) {
      kinds.add(EvidenceKind.DATE);
    }
    if (PERSON.matcher(text).find()) {
      kinds.add(EvidenceKind.PERSON);
    }
    return kinds;
  }
}
