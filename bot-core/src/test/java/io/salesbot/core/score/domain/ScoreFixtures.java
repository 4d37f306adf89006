package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records and inputs for scoring tests. */
final class ScoreFixtures {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final YearMonth MARCH = YearMonth.of(2026, 3);
  static final Address ZHANG = new Address("wecom", "zhangsan");
  static final Address LI = new Address("wecom", "lisi");
  static final Address WANG = new Address("dingtalk", "wangwu");

  private static int next;

  private ScoreFixtures() {}

  /** A record of the given type on a day of March 2026 (Shanghai time), with its fields. */
  static SalesRecord record(RecordType type, Address rep, int day, String... fields) {
    return record(type, rep, MARCH.atDay(day), fields);
  }

  static SalesRecord record(RecordType type, Address rep, LocalDate day, String... fields) {
    Map<String, String> f = new HashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      f.put(fields[i], fields[i + 1]);
    }
    return new SalesRecord(
        new RecordKey("erp", type.wire() + "-" + (++next)),
        type,
        rep,
        day.atTime(10, 0).atZone(SHANGHAI).toInstant(),
        false,
        false,
        f);
  }

  static ScoreInput input(Map<Address, String> teams, List<SalesRecord> records) {
    return new ScoreInput(MARCH, SHANGHAI, teams, records, Map.of());
  }
}
