package io.salesbot.core.routing.domain;

import io.salesbot.core.kernel.domain.LeadSubmission;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One test of a routing rule on one field of a lead: {@code region}, {@code industry}, {@code
 * product}, {@code source}, {@code priority} or {@code attributes.<key>}. Comparisons ignore case;
 * a lead without the field never matches.
 */
public record Condition(String field, Op op, List<String> values) {
  /** How the field is compared. */
  public enum Op {
    /** Equal to the one value. */
    EQUALS,
    /** Equal to one of the values. */
    IN,
    /** Starts with one of the values. */
    PREFIX
  }

  /** The fields a condition may test, besides {@code attributes.<key>}. */
  public static final List<String> FIELDS =
      List.of("region", "industry", "product", "source", "priority");

  public static final String ATTRIBUTE_PREFIX = "attributes.";

  public Condition {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(op, "op");
    values = List.copyOf(values);
    if (!FIELDS.contains(field)
        && !(field.startsWith(ATTRIBUTE_PREFIX) && field.length() > ATTRIBUTE_PREFIX.length())) {
      throw new IllegalArgumentException(
          "unknown field '" + field + "'; use one of " + FIELDS + " or attributes.<key>");
    }
    if (values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isBlank())) {
      throw new IllegalArgumentException("condition on " + field + " needs non-blank values");
    }
    if (op == Op.EQUALS && values.size() != 1) {
      throw new IllegalArgumentException("'equals' on " + field + " takes exactly one value");
    }
  }

  public static Condition equalTo(String field, String value) {
    return new Condition(field, Op.EQUALS, List.of(value));
  }

  public static Condition in(String field, String... values) {
    return new Condition(field, Op.IN, List.of(values));
  }

  public static Condition prefix(String field, String... values) {
    return new Condition(field, Op.PREFIX, List.of(values));
  }

  /** The lead's value of a field, or null when it has none. */
  public static @Nullable String valueOf(LeadSubmission lead, String field) {
    switch (field) {
      case "region":
        return lead.region();
      case "industry":
        return lead.industry();
      case "product":
        return lead.product();
      case "source":
        return lead.sourceId();
      case "priority":
        return lead.priority().name();
      default:
        return lead.attributes().get(field.substring(ATTRIBUTE_PREFIX.length()));
    }
  }

  public boolean test(LeadSubmission lead) {
    String actual = valueOf(lead, field);
    if (actual == null) {
      return false;
    }
    String a = actual.strip().toLowerCase(Locale.ROOT);
    for (String v : values) {
      String w = v.strip().toLowerCase(Locale.ROOT);
      if (op == Op.PREFIX ? a.startsWith(w) : a.equals(w)) {
        return true;
      }
    }
    return false;
  }
}
