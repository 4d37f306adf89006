package io.salesbot.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {
  @Test
  void roundTripsAwkwardStrings() {
    Map<String, String> map = new LinkedHashMap<>(Fixtures.ATTRIBUTES);
    map.put("ctl", "\u0001\u001f\b\f\r");
    map.put("slash/\"key\"", "\\");

    assertThat(FlatJson.read(FlatJson.write(map))).isEqualTo(map);
    assertThat(FlatJson.write(Map.of())).isEqualTo("{}");
    assertThat(FlatJson.read("{}")).isEmpty();
  }

  @Test
  void readsWhatPostgresPrints() {
    assertThat(FlatJson.read(" {\"a\": \"x\\u00e9\\/\", \"b\": null, \"c\": \"\"} "))
        .containsExactly(Map.entry("a", "xé/"), Map.entry("c", ""));
  }

  @Test
  void rejectsAnythingButAFlatObjectOfStrings() {
    for (String bad :
        new String[] {
          "", "[]", "{\"a\": 1}", "{\"a\": \"x\"", "{\"a\" \"x\"}", "{} x", "{\"a\": \"\\q\"}"
        }) {
      assertThatThrownBy(() -> FlatJson.read(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a flat JSON object of strings");
    }
  }
}
