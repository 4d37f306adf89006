package io.salesbot.core.score.domain;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of record a scorecard is computed from, with their wire names and the fields each
 * takes: required ones, then optional ones.
 */
public enum RecordType {
  CONTRACT("contract", Map.of("customer", FieldKind.TEXT, "amount", FieldKind.DECIMAL), Map.of()),
  PAYMENT("payment", Map.of("contract", FieldKind.TEXT, "amount", FieldKind.DECIMAL), Map.of()),
  NEW_CUSTOMER("new_customer", Map.of("customer", FieldKind.TEXT), Map.of()),
  /** An effective visit; minutes, with optional GPS ("lat,lng") and photo (a URL) evidence. */
  VISIT(
      "visit",
      Map.of("customer", FieldKind.TEXT, "duration", FieldKind.DECIMAL),
      Map.of("gps", FieldKind.TEXT, "photo", FieldKind.TEXT)),
  KNOWLEDGE_SHARE("knowledge_share", Map.of("title", FieldKind.TEXT), Map.of()),
  /** Co-credit on another rep's contract (its externalId). */
  ASSIST("assist", Map.of("contract", FieldKind.TEXT), Map.of()),
  MENTORING("mentoring", Map.of("mentee", FieldKind.ADDRESS, "hours", FieldKind.DECIMAL), Map.of()),
  SATISFACTION(
      "satisfaction", Map.of("customer", FieldKind.TEXT, "score", FieldKind.DECIMAL), Map.of()),
  /** A figure another system computed, for one scorecard dimension. */
  METRIC("metric", Map.of("dimension", FieldKind.TEXT, "value", FieldKind.DECIMAL), Map.of());

  private final String wire;
  private final Map<String, FieldKind> required;
  private final Map<String, FieldKind> optional;

  RecordType(String wire, Map<String, FieldKind> required, Map<String, FieldKind> optional) {
    this.wire = wire;
    this.required = required;
    this.optional = optional;
  }

  /** The name on the wire, e.g. {@code new_customer}. */
  public String wire() {
    return wire;
  }

  public Map<String, FieldKind> required() {
    return required;
  }

  /** Every field of this type, required or optional, with its kind. */
  public Map<String, FieldKind> fields() {
    Map<String, FieldKind> all = new LinkedHashMap<>(required);
    all.putAll(optional);
    return all;
  }

  public static Optional<RecordType> ofWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wire.equals(name)).findFirst();
  }

  /** The wire names, for error messages and docs. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(RecordType::wire).toList());
  }
}
