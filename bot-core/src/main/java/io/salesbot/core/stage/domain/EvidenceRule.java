package io.salesbot.core.stage.domain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which evidence completes a checkpoint: every group must be met, a group by any one of its kinds.
 * Written {@code note|file} (a note or a file), {@code file+amount} (a file and an amount), {@code
 * date+note}; empty means the checkpoint is completed by salesbot itself (e.g. ① by 已联系).
 */
public record EvidenceRule(List<Set<EvidenceKind>> allOf) {
  public static final EvidenceRule NONE = new EvidenceRule(List.of());

  public EvidenceRule {
    allOf = allOf.stream().map(s -> Set.copyOf(EnumSet.copyOf(s))).toList();
    if (allOf.stream().anyMatch(Set::isEmpty)) {
      throw new IllegalArgumentException("an evidence group must name at least one kind");
    }
  }

  /** Parses {@code note|file}, {@code file+amount}, {@code amount+date}; blank is {@link #NONE}. */
  public static EvidenceRule parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Set<EvidenceKind>> groups = new ArrayList<>();
    for (String group : text.split("\\+")) {
      Set<EvidenceKind> kinds = EnumSet.noneOf(EvidenceKind.class);
      for (String kind : group.split("\\|")) {
        kinds.add(EvidenceKind.parse(kind));
      }
      groups.add(kinds);
    }
    return new EvidenceRule(groups);
  }

  public boolean satisfiedBy(Set<EvidenceKind> have) {
    return allOf.stream().allMatch(group -> group.stream().anyMatch(have::contains));
  }

  /** Whether evidence of this kind counts towards this rule at all. */
  public boolean accepts(EvidenceKind kind) {
    return allOf.stream().anyMatch(group -> group.contains(kind));
  }

  /** Completed by salesbot, not by evidence. */
  public boolean automatic() {
    return allOf.isEmpty();
  }

  @Override
  public String toString() {
    return allOf.stream()
        .map(
            g ->
                g.stream()
                    .sorted()
                    .map(k -> k.name().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining("|")))
        .collect(Collectors.joining("+"));
  }
}
