package io.salesbot.server.intake;

import io.salesbot.core.lead.domain.FieldError;
import io.salesbot.core.lead.domain.RawLead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The lead in a {@code POST /api/v1/leads} body, or why it is not one. Rules: a JSON object; the
 * text fields strings or null ({@code phone} also an integer); {@code attributes} null or an object
 * of scalar values; other fields ignored.
 *
 * <p>Two readers, one answer. {@link #tree} reads the body into a Jackson tree and judges it: the
 * rules as they always were. {@link #parse} first reads the body's tokens directly, with no tree
 * (about half of Jackson's cost on the intake's path): when every known field is a string or null,
 * {@code attributes} an object of strings and the body one object and nothing after it, that is the
 * answer; at anything else (a number, a wrong type, a key twice, malformed JSON) it hands the body
 * to {@link #tree}, so odd bodies get exactly the answer they always got.
 */
final class LeadBody {
  static final List<String> TEXT_FIELDS =
      List.of(
          "name",
          "phone",
          "company",
          "region",
          "industry",
          "product",
          "message",
          "externalId",
          "openId");

  private LeadBody() {}

  /** A lead, or the problem with the body. */
  sealed interface Read {
    record Lead(RawLead raw) implements Read {}

    record Invalid(String detail, List<FieldError> errors) implements Read {}
  }

  static Read parse(ObjectMapper json, byte[] body) {
    RawLead direct;
    try {
      direct = direct(json, body);
    } catch (JacksonException e) {
      direct = null;
    }
    return direct != null ? new Read.Lead(direct) : tree(json, body);
  }

  /** The common case read token by token; null for anything else. */
  private static @Nullable RawLead direct(ObjectMapper json, byte[] body) {
    try (JsonParser p = json.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String[] text = new String[TEXT_FIELDS.size()];
      boolean[] seen = new boolean[TEXT_FIELDS.size() + 1]; // the text fields, then attributes
      Map<String, String> attributes = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        int i = TEXT_FIELDS.indexOf(field);
        if (i >= 0) {
          if (seen[i] || (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL)) {
            return null;
          }
          seen[i] = true;
          text[i] = value == JsonToken.VALUE_STRING ? p.getString() : null;
        } else if (field.equals("attributes")) {
          if (seen[TEXT_FIELDS.size()]) {
            return null;
          }
          seen[TEXT_FIELDS.size()] = true;
          if (value == JsonToken.START_OBJECT) {
            attributes = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
              String key = p.currentName();
              if (p.nextToken() != JsonToken.VALUE_STRING || attributes.containsKey(key)) {
                return null;
              }
              attributes.put(key, p.getString());
            }
          } else if (value != JsonToken.VALUE_NULL) {
            return null;
          }
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return new RawLead(
          text[0],
          text[1],
          text[2],
          text[3],
          text[4],
          text[5],
          text[6],
          text[7],
          text[8],
          attributes);
    }
  }

  /** The body judged on its Jackson tree: every rule, every message. */
  static Read tree(ObjectMapper json, byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body); // the bytes as they came: no String copy of the body
    } catch (JacksonException e) {
      return new Read.Invalid("the body is not valid JSON", List.of());
    }
    if (root == null || !root.isObject()) {
      return new Read.Invalid("the body must be a JSON object", List.of());
    }
    List<FieldError> errors = new ArrayList<>();
    Map<String, String> text = new LinkedHashMap<>();
    for (String field : TEXT_FIELDS) {
      JsonNode v = root.get(field);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isString() || (field.equals("phone") && v.isIntegralNumber())) {
        text.put(field, v.asString());
      } else {
        errors.add(new FieldError(field, "必须是字符串 (must be a string)"));
      }
    }
    Map<String, String> attributes = null;
    JsonNode attrs = root.get("attributes");
    if (attrs != null && !attrs.isNull()) {
      if (!attrs.isObject()) {
        errors.add(new FieldError("attributes", "必须是对象 (must be an object of strings)"));
      } else {
        attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : attrs.properties()) {
          if (e.getValue().isValueNode() && !e.getValue().isNull()) {
            attributes.put(e.getKey(), e.getValue().asString());
          } else {
            errors.add(new FieldError("attributes." + e.getKey(), "必须是字符串 (must be a string)"));
          }
        }
      }
    }
    if (!errors.isEmpty()) {
      return new Read.Invalid("some fields have the wrong type", errors);
    }
    return new Read.Lead(
        new RawLead(
            text.get("name"),
            text.get("phone"),
            text.get("company"),
            text.get("region"),
            text.get("industry"),
            text.get("product"),
            text.get("message"),
            text.get("externalId"),
            text.get("openId"),
            attributes));
  }
}
