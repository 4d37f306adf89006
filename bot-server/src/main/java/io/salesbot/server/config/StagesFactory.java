package io.salesbot.server.config;

import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.stage.domain.EvidenceRule;
import io.salesbot.core.stage.domain.StageDef;
import io.salesbot.core.stage.domain.StageModel;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the core's {@link StageSettings} from {@code salesbot.stages}: what is not set is the
 * seed's default; every mistake fails start-up with an {@link InvalidConfigurationException} naming
 * the exact property, e.g. {@code salesbot.stages.list[2].checkpoints[0].evidence}.
 */
final class StagesFactory {
  static final String PREFIX = "salesbot.stages";
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final String KINDS =
      EnumSet.allOf(EvidenceKind.class).stream()
          .map(k -> k.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(", "));

  private StagesFactory() {}

  static StageSettings settings(StagesProperties p) {
    StageModel model = p.list().isEmpty() ? StageModel.defaults() : model(p.list());
    List<String> lost =
        p.lostReasons().isEmpty() ? StageSettings.DEFAULT_LOST_REASONS : p.lostReasons();
    if (lost.size() > 6) {
      throw new InvalidConfigurationException(
          PREFIX + ".lost-reasons", "at most 6 (one button each), got " + lost.size());
    }
    reasons(PREFIX + ".lost-reasons", lost);
    List<String> invalid =
        p.invalidReasons().isEmpty() ? StageSettings.DEFAULT_INVALID_REASONS : p.invalidReasons();
    reasons(PREFIX + ".invalid-reasons", invalid);
    positive(PREFIX + ".owed-for", p.owedFor());
    LocalTime digestAt;
    try {
      digestAt = LocalTime.parse(p.digestAt().strip());
    } catch (DateTimeParseException e) {
      throw new InvalidConfigurationException(
          PREFIX + ".digest-at",
          "must be a local time as HH:mm, e.g. 09:00, got '" + p.digestAt() + "'");
    }
    return new StageSettings(model, lost, invalid, p.owedFor(), digestAt);
  }

  private static void reasons(String property, List<String> reasons) {
    for (int i = 0; i < reasons.size(); i++) {
      String r = reasons.get(i);
      if (r == null || r.isBlank() || r.length() > 20) {
        throw new InvalidConfigurationException(
            property + "[" + i + "]", "must be 1 to 20 characters (a button label)");
      }
    }
  }

  private static StageModel model(List<StagesProperties.Stage> list) {
    if (list.size() < 2) {
      throw new InvalidConfigurationException(
          PREFIX + ".list", "at least two stages are needed, got " + list.size());
    }
    Set<String> stageIds = new HashSet<>();
    Map<String, String> checkpointAt = new HashMap<>(); // id -> property path
    Map<Integer, String> numberAt = new HashMap<>();
    List<StageDef> stages = new ArrayList<>();
    int position = 0;
    for (int i = 0; i < list.size(); i++) {
      StagesProperties.Stage s = list.get(i);
      String at = PREFIX + ".list[" + i + "]";
      String id = id(at + ".id", s.id());
      if (!stageIds.add(id)) {
        throw new InvalidConfigurationException(
            at + ".id", "'" + id + "' is used by an earlier stage");
      }
      String name = required(at + ".name", s.name());
      positive(at + ".idle-after", s.idleAfter());
      positive(at + ".stalled-after", s.stalledAfter());
      if (s.stalledAfter().compareTo(s.idleAfter()) <= 0) {
        throw new InvalidConfigurationException(
            at + ".stalled-after",
            "must be longer than idle-after (" + s.idleAfter() + "), got " + s.stalledAfter());
      }
      if (s.dwellWarning() != null) {
        positive(at + ".dwell-warning", s.dwellWarning());
      }
      List<CheckpointDef> checkpoints = new ArrayList<>();
      for (int j = 0; j < s.checkpoints().size(); j++) {
        position++;
        StagesProperties.Checkpoint c = s.checkpoints().get(j);
        String cat = at + ".checkpoints[" + j + "]";
        String cid = id(cat + ".id", c.id());
        String earlier = checkpointAt.putIfAbsent(cid, cat);
        if (earlier != null) {
          throw new InvalidConfigurationException(
              cat + ".id", "'" + cid + "' is used by " + earlier);
        }
        int number = c.number() == null ? position : c.number();
        if (number < 1 || number > 99) {
          throw new InvalidConfigurationException(
              cat + ".number", "must be 1 to 99, got " + number);
        }
        String numbered = numberAt.putIfAbsent(number, cat);
        if (numbered != null) {
          throw new InvalidConfigurationException(
              cat + ".number", number + " is used by " + numbered);
        }
        String dependsOn =
            c.dependsOn() == null || c.dependsOn().isBlank() ? null : c.dependsOn().strip();
        if (dependsOn != null && (!checkpointAt.containsKey(dependsOn) || dependsOn.equals(cid))) {
          throw new InvalidConfigurationException(
              cat + ".depends-on", "'" + dependsOn + "' is not a checkpoint before this one");
        }
        String who = c.completedBy().strip().toLowerCase(Locale.ROOT);
        if (!who.equals("owner") && !who.equals("manager")) {
          throw new InvalidConfigurationException(
              cat + ".completed-by", "must be owner or manager, got '" + c.completedBy() + "'");
        }
        checkpoints.add(
            new CheckpointDef(
                cid,
                number,
                required(cat + ".name", c.name()),
                evidence(cat + ".evidence", c.evidence()),
                who.equals("manager"),
                c.required(),
                dependsOn));
      }
      stages.add(
          new StageDef(id, name, checkpoints, s.idleAfter(), s.stalledAfter(), s.dwellWarning()));
    }
    try {
      return new StageModel(stages);
    } catch (IllegalArgumentException e) { // checked above; a rule added to the model later
      throw new InvalidConfigurationException(PREFIX + ".list", e.getMessage());
    }
  }

  /** {@code note|file+amount}, each kind checked so the message names the unknown one. */
  private static EvidenceRule evidence(String property, String text) {
    if (text.isBlank()) {
      return EvidenceRule.NONE;
    }
    for (String group : text.split("\\+", -1)) {
      for (String kind : group.split("\\|", -1)) {
        String k = kind.strip().toLowerCase(Locale.ROOT);
        if (k.isEmpty()) {
          throw new InvalidConfigurationException(
              property, "'" + text + "' has an empty kind; write e.g. note|file or file+amount");
        }
        if (EnumSet.allOf(EvidenceKind.class).stream()
            .noneMatch(e -> e.name().toLowerCase(Locale.ROOT).equals(k))) {
          throw new InvalidConfigurationException(
              property, "unknown kind '" + kind.strip() + "' (" + KINDS + ")");
        }
      }
    }
    return EvidenceRule.parse(text);
  }

  private static String id(String property, String id) {
    String v = required(property, id);
    if (!ID.matcher(v).matches()) {
      throw new InvalidConfigurationException(
          property, "'" + v + "' must be lower-case letters, digits and '-' (at most 40)");
    }
    return v;
  }

  private static String required(String property, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidConfigurationException(property, "is required");
    }
    return value.strip();
  }

  private static void positive(String property, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidConfigurationException(
          property, "must be a positive duration, e.g. 14d, got " + d);
    }
  }
}
