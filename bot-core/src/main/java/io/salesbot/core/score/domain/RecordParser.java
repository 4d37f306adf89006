package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.domain.FieldError;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one submitted record (its JSON members as text) into a {@link SalesRecord}, or refuses it
 * with one error per wrong field. Refusals are about shape (unknown type, missing or malformed
 * field, unknown member); whether the values are plausible is {@link RecordValidation}'s question.
 */
public final class RecordParser {
  /** Members every record has besides its type fields. */
  public static final Set<String> COMMON =
      Set.of("type", "externalId", "rep", "occurredAt", "deleted", "backfill");

  private static final int MAX_TEXT = 200;

  private RecordParser() {}

  /** The outcome of parsing one record. */
  public sealed interface Parsed {
    record Ok(SalesRecord record) implements Parsed {}

    record Refused(List<FieldError> errors) implements Parsed {
      public Refused {
        errors = List.copyOf(errors);
      }
    }
  }

  /**
   * Parses {@code values}: each JSON member as text ({@code true}/{@code false} for booleans,
   * numbers in their plain decimal form); members that were objects or arrays must already have
   * been refused by the caller.
   */
  public static Parsed parse(String source, Map<String, String> values) {
    List<FieldError> errors = new ArrayList<>();
    String typeName = values.get("type");
    RecordType type = null;
    if (blank(typeName)) {
      errors.add(new FieldError("type", "必填 (required): one of " + RecordType.names()));
    } else {
      type = RecordType.ofWire(typeName).orElse(null);
      if (type == null) {
        errors.add(
            new FieldError(
                "type", "未知类型 (unknown type) '" + typeName + "': one of " + RecordType.names()));
      }
    }
    String externalId = values.get("externalId");
    if (blank(externalId)) {
      errors.add(new FieldError("externalId", "必填 (required)"));
    } else if (externalId.length() > MAX_TEXT) {
      errors.add(new FieldError("externalId", "at most " + MAX_TEXT + " characters"));
    }
    Address rep = address("rep", values.get("rep"), errors);
    Instant occurredAt = null;
    String at = values.get("occurredAt");
    if (blank(at)) {
      errors.add(new FieldError("occurredAt", "必填 (required): ISO-8601 with an offset"));
    } else {
      try {
        // kept to the microsecond, as PostgreSQL stores it, so that a repeat stays a repeat
        occurredAt =
            OffsetDateTime.parse(at).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      } catch (DateTimeParseException e) {
        errors.add(
            new FieldError(
                "occurredAt", "not ISO-8601 with an offset, e.g. 2026-03-05T10:00:00+08:00"));
      }
    }
    boolean deleted = flag("deleted", values.get("deleted"), errors);
    boolean backfill = flag("backfill", values.get("backfill"), errors);
    Map<String, String> fields = new LinkedHashMap<>();
    if (type != null) {
      Map<String, FieldKind> kinds = type.fields();
      for (Map.Entry<String, String> v : values.entrySet()) {
        if (!COMMON.contains(v.getKey()) && !kinds.containsKey(v.getKey())) {
          errors.add(
              new FieldError(
                  v.getKey(),
                  "未知字段 (unknown field) for type "
                      + type.wire()
                      + "; it takes "
                      + String.join(", ", kinds.keySet())));
        }
      }
      for (Map.Entry<String, FieldKind> f : kinds.entrySet()) {
        String v = values.get(f.getKey());
        if (blank(v)) {
          // a tombstone names the record; its type fields may be left out
          if (!deleted && type.required().containsKey(f.getKey())) {
            errors.add(new FieldError(f.getKey(), "必填 (required) for type " + type.wire()));
          }
          continue;
        }
        String clean = field(f.getKey(), f.getValue(), v, errors);
        if (clean != null) {
          fields.put(f.getKey(), clean);
        }
      }
    }
    if (!errors.isEmpty()) {
      return new Parsed.Refused(errors);
    }
    return new Parsed.Ok(
        new SalesRecord(
            new RecordKey(source, externalId), type, rep, occurredAt, deleted, backfill, fields));
  }

  private static String field(String name, FieldKind kind, String v, List<FieldError> errors) {
    return switch (kind) {
      case TEXT -> {
        if (v.length() > MAX_TEXT) {
          errors.add(new FieldError(name, "at most " + MAX_TEXT + " characters"));
          yield null;
        }
        yield v.strip();
      }
      case DECIMAL -> {
        try {
          yield new BigDecimal(v.strip()).toPlainString();
        } catch (NumberFormatException e) {
          errors.add(new FieldError(name, "必须是数字 (must be a number), e.g. 1200.50"));
          yield null;
        }
      }
      case ADDRESS -> {
        Address a = address(name, v, errors);
        yield a == null ? null : a.toString();
      }
    };
  }

  private static Address address(String name, String v, List<FieldError> errors) {
    if (blank(v)) {
      errors.add(new FieldError(name, "必填 (required): <platform>:<userId>, e.g. wecom:ZhangSan"));
      return null;
    }
    try {
      Address a = Address.parse(v.strip());
      if (a.isGroup()) {
        errors.add(new FieldError(name, "must be a person, not a group chat"));
        return null;
      }
      return a;
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(name, e.getMessage()));
      return null;
    }
  }

  private static boolean flag(String name, String v, List<FieldError> errors) {
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    errors.add(new FieldError(name, "必须是 true 或 false (must be a boolean)"));
    return false;
  }

  private static boolean blank(String v) {
    return v == null || v.isBlank();
  }
}
