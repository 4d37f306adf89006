package io.salesbot.core.lead.domain;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a source weighs intent when a lead comes in: a lead is hot when the source is high-intent and
 * the lead has a phone ({@code high-intent}), or when the lead carries every field the source lists
 * ({@code intent-fields}, e.g. phone and product: someone who named a product and left a number).
 *
 * @param highIntent a lead with a phone is hot
 * @param fields the fields (of {@link #FIELDS}) that together make a lead hot; empty: none
 */
public record IntentRule(boolean highIntent, Set<String> fields) {
  /** The field names {@code intent-fields} may list, as the intake API spells them. */
  public static final List<String> FIELDS =
      List.of("name", "phone", "company", "region", "industry", "product", "message", "openId");

  /** Nothing makes a lead hot on arrival. */
  public static final IntentRule NONE = new IntentRule(false, Set.of());

  public IntentRule {
    fields = Set.copyOf(new LinkedHashSet<>(fields));
    for (String f : fields) {
      if (!FIELDS.contains(f)) {
        throw new IllegalArgumentException(
            "unknown field " + f + "; intent fields are " + String.join(", ", FIELDS));
      }
    }
  }

  /** The lane of {@code s} under this rule. */
  public Priority priorityOf(LeadSubmission s) {
    if (highIntent && s.phone() != null) {
      return Priority.HOT;
    }
    if (!fields.isEmpty() && fields.stream().allMatch(f -> value(s, f) != null)) {
      return Priority.HOT;
    }
    return Priority.NORMAL;
  }

  private static @Nullable String value(LeadSubmission s, String field) {
    Function<LeadSubmission, @Nullable String> get =
        switch (field) {
          case "name" -> LeadSubmission::name;
          case "phone" -> LeadSubmission::phone;
          case "company" -> LeadSubmission::company;
          case "region" -> LeadSubmission::region;
          case "industry" -> LeadSubmission::industry;
          case "product" -> LeadSubmission::product;
          case "message" -> LeadSubmission::message;
          default -> LeadSubmission::openId;
        };
    return get.apply(s);
  }
}
