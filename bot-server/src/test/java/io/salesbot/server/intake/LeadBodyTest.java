package io.salesbot.server.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.domain.RawLead;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class LeadBodyTest {
  private final ObjectMapper json = JsonMapper.builder().build();

  /** Bodies of every shape: the direct reader must answer each exactly as the tree does. */
  private static final List<String> BODIES =
      List.of(
          "{\"name\":\"张三\",\"phone\":\"13800138000\",\"region\":\"华东\"}",
          "{\"name\":\"a\",\"company\":\"c\",\"region\":\"r\",\"industry\":\"i\",\"product\":\"p\","
              + "\"message\":\"m\",\"externalId\":\"e\",\"openId\":\"o\",\"phone\":\"139\"}",
          "{\"name\":\"a\",\"attributes\":{\"utm\":\"x\",\"k\":\"v\"}}",
          "{\"name\":\"a\",\"attributes\":null,\"phone\":null}",
          "{\"name\":\"a\",\"attributes\":{}}",
          "{\"name\":\"a\",\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"more\":[true]}",
          "{\"name\":\"\\u5f20\\n\\t\",\"message\":\"\\\"quoted\\\"\"}",
          "{}",
          // Everything below leaves the direct reader for the tree.
          "{\"name\":\"a\",\"phone\":13800138000}",
          "{\"name\":\"a\",\"phone\":-0}",
          "{\"name\":1,\"region\":true,\"company\":{},\"product\":[]}",
          "{\"name\":\"a\",\"attributes\":{\"n\":1.50,\"b\":false,\"e\":1e2}}",
          "{\"name\":\"a\",\"attributes\":{\"x\":null,\"y\":{}}}",
          "{\"name\":\"a\",\"attributes\":\"x\"}",
          "{\"name\":\"a\",\"attributes\":[]}",
          "{\"name\":\"first\",\"name\":\"second\"}",
          "{\"name\":1,\"name\":\"second\"}",
          "{\"name\":\"a\",\"attributes\":{\"k\":\"1\",\"\\u006b\":\"2\"}}",
          "{\"name\":\"a\",\"attributes\":{},\"attributes\":{\"k\":\"v\"}}",
          "{\"name\":\"a\"} trailing",
          "{\"name\":\"a\"}{}",
          "{\"name\":\"a\"",
          "{\"name\":\"a\",\"extra\":[1,}",
          "[{\"name\":\"a\"}]",
          "\"name\"",
          "null",
          "",
          "   ",
          "nonsense");

  @Test
  void the_direct_reader_answers_every_body_as_the_tree_does() {
    for (String body : BODIES) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

      assertThat(LeadBody.parse(json, bytes)).as(body).isEqualTo(LeadBody.tree(json, bytes));
    }
  }

  @Test
  void reads_the_known_fields_and_string_attributes_and_ignores_the_rest() {
    byte[] body =
        ("{\"name\":\" 张三 \",\"phone\":\"13800138000\",\"unknown\":{\"a\":[1]},"
                + "\"attributes\":{\"utm\":\"spring\"},\"openId\":null}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(LeadBody.parse(json, body))
        .isEqualTo(
            new LeadBody.Read.Lead(
                new RawLead(
                    " 张三 ",
                    "13800138000",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Map.of("utm", "spring"))));
  }

  @Test
  void a_wrong_type_is_named_per_field() {
    LeadBody.Read read =
        LeadBody.parse(
            json, "{\"name\":1,\"attributes\":{\"k\":{}}}".getBytes(StandardCharsets.UTF_8));

    assertThat(read).isInstanceOf(LeadBody.Read.Invalid.class);
    assertThat(((LeadBody.Read.Invalid) read).errors())
        .extracting(e -> e.field())
        .containsExactly("name", "attributes.k");
  }
}
