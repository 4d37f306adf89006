package io.salesbot.core.score.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.domain.FieldError;
import io.salesbot.core.score.domain.RecordParser.Parsed;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordParserTest {
  private static Map<String, String> payment() {
    Map<String, String> m = new HashMap<>();
    m.put("type", "payment");
    m.put("externalId", "p-1");
    m.put("rep", "wecom:ZhangSan");
    m.put("occurredAt", "2026-03-05T10:00:00+08:00");
    m.put("contract", "c-1");
    m.put("amount", "1200.50");
    return m;
  }

  private static Map<String, String> errors(Map<String, String> values) {
    Parsed p = RecordParser.parse("finance", values);
    assertThat(p).isInstanceOf(Parsed.Refused.class);
    Map<String, String> out = new HashMap<>();
    for (FieldError e : ((Parsed.Refused) p).errors()) {
      out.put(e.field(), e.message());
    }
    return out;
  }

  @Test
  void parses_a_payment_with_its_key_rep_time_and_fields() {
    Parsed p = RecordParser.parse("finance", payment());
    SalesRecord r = ((Parsed.Ok) p).record();
    assertThat(r.key()).isEqualTo(new RecordKey("finance", "p-1"));
    assertThat(r.type()).isEqualTo(RecordType.PAYMENT);
    assertThat(r.rep().toString()).isEqualTo("wecom:ZhangSan");
    assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-03-05T02:00:00Z"));
    assertThat(r.fields())
        .containsExactlyInAnyOrderEntriesOf(Map.of("contract", "c-1", "amount", "1200.50"));
    assertThat(r.deleted()).isFalse();
  }

  @Test
  void refuses_an_unknown_type_naming_the_known_ones() {
    Map<String, String> m = payment();
    m.put("type", "refund");
    assertThat(errors(m).get("type")).contains("refund").contains("new_customer");
  }

  @Test
  void refuses_missing_and_malformed_fields_each_by_name() {
    Map<String, String> m = payment();
    m.remove("contract");
    m.put("amount", "12,00");
    m.put("occurredAt", "yesterday");
    m.put("rep", "ZhangSan");
    m.put("deleted", "yes");
    assertThat(errors(m)).containsOnlyKeys("contract", "amount", "occurredAt", "rep", "deleted");
  }

  @Test
  void refuses_fields_the_type_does_not_take() {
    Map<String, String> m = payment();
    m.put("currency", "USD");
    assertThat(errors(m).get("currency"))
        .contains("unknown field")
        .contains("contract")
        .contains("amount");
  }

  @Test
  void a_tombstone_needs_only_its_name_and_the_common_fields() {
    Map<String, String> m = payment();
    m.remove("contract");
    m.remove("amount");
    m.put("deleted", "true");
    assertThat(((Parsed.Ok) RecordParser.parse("finance", m)).record().deleted()).isTrue();
  }

  @Test
  void a_visit_takes_optional_evidence_and_mentoring_a_mentee_address() {
    Map<String, String> visit =
        Map.of(
            "type", "visit",
            "externalId", "v1",
            "rep", "wecom:ZhangSan",
            "occurredAt", "2026-03-05T10:00:00+08:00",
            "customer", "ACME",
            "duration", "45",
            "gps", "31.23,121.47");
    assertThat(((Parsed.Ok) RecordParser.parse("crm", visit)).record().fields())
        .containsEntry("gps", "31.23,121.47");
    Map<String, String> mentoring = new HashMap<>(visit);
    mentoring.keySet().removeAll(java.util.Set.of("customer", "duration", "gps"));
    mentoring.put("type", "mentoring");
    mentoring.put("mentee", "not an address");
    mentoring.put("hours", "2");
    assertThat(errors(mentoring)).containsOnlyKeys("mentee");
  }
}
