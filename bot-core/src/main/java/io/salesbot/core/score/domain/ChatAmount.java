package io.salesbot.core.score.domain;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The amount, in yuan, a rep typed as evidence: the first number marked as money, by a currency
 * sign ({@code ¥3000}) or a unit ({@code 50万}, {@code 120,000元}, {@code 3.5w}, {@code 8k}, {@code
 * 1.2亿}). In a range ({@code 30-50万}) that is its upper end, the only number marked. Rounded to the
 * fen.
 */
public final class ChatAmount {
  private static final Pattern MONEY =
      Pattern.compile("([¥￥]\\s*)?(\\d[\\d,]*(?:\\.\\d+)?)\\s*(万元|万|元|块|千|k|K|w|W|亿元|亿)?");

  private ChatAmount() {}

  public static Optional<BigDecimal> parse(String text) {
    Matcher m = MONEY.matcher(text);
    while (m.find()) {
      String sign = m.group(1);
      String unit = m.group(3);
      if (sign == null && unit == null) {
        continue;
      }
      BigDecimal n;
      try {
        n = new BigDecimal(m.group(2).replace(",", ""));
      } catch (NumberFormatException e) {
        continue;
      }
      BigDecimal factor =
          switch (unit == null ? "" : unit) {
            case "万", "万元", "w", "W" -> BigDecimal.valueOf(10_000);
            case "千", "k", "K" -> BigDecimal.valueOf(1_000);
            case "亿", "亿元" -> BigDecimal.valueOf(100_000_000);
            default -> BigDecimal.ONE;
          };
      BigDecimal yuan = n.multiply(factor).setScale(2, java.math.RoundingMode.HALF_UP);
      if (yuan.signum() > 0) {
        BigDecimal plain = yuan.stripTrailingZeros();
        return Optional.of(plain.scale() < 0 ? plain.setScale(0) : plain);
      }
    }
    return Optional.empty();
  }
}
