package io.salesbot.server.config;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Deal stages and checkpoints ({@code salesbot.stages}), bound once at start-up and validated by
 * {@link StagesFactory} (each mistake named by its property path). Nothing set: the seed's 五阶十二关.
 * Read at start-up only: a change applies after a restart (see docs/configuration.md, Deal stages).
 *
 * @param list The stages in order, each with its checkpoints; empty (the default): the seed's five
 *     stages and twelve checkpoints (五阶十二关). At least two when set.
 * @param lostReasons The reasons a rep picks when a deal is lost, one button each (1 to 6); empty:
 *     价格不合适, 选择了竞品, 没有预算, 需求变化, 联系不上, 其他.
 * @param invalidReasons The reasons a lead is not a real prospect (/invalid); empty: 非目标客户, 重复线索,
 *     空号或错号, 同行或骚扰.
 * @param owedFor How long checkpoints skipped with the manager's approval may stay owed (evidence
 *     debt) before they are past due.
 * @param digestAt Local time (HH:mm) of each manager's daily digest of new stalls, owed evidence
 *     past due and approved skips, in the team's quiet-hours time zone; inside quiet hours it waits
 *     for their end.
 */
@ConfigurationProperties("salesbot.stages")
public record StagesProperties(
    @DefaultValue List<Stage> list,
    @DefaultValue List<String> lostReasons,
    @DefaultValue List<String> invalidReasons,
    @DefaultValue("14d") Duration owedFor,
    @DefaultValue("09:00") String digestAt) {
  public StagesProperties {
    list = Immutable.list(list);
    lostReasons = Immutable.list(lostReasons);
    invalidReasons = Immutable.list(invalidReasons);
  }

  /**
   * A stage.
   *
   * @param id Stable id stored with transitions and used in commands: lower-case letters, digits
   *     and '-', e.g. proposal.
   * @param name Display name, e.g. 方案呈现.
   * @param checkpoints The stage's checkpoints (关卡), in order.
   * @param idleAfter No progress (an accepted checkpoint or a stage change) for this long nudges
   *     the deal's owner.
   * @param stalledAfter No progress for this long is a stall: the team's manager gets an escalation
   *     card. Longer than idle-after.
   * @param dwellWarning A deal in this stage for this long warns its owner and manager; unset: no
   *     warning.
   */
  public record Stage(
      @Nullable String id,
      @Nullable String name,
      @DefaultValue List<Checkpoint> checkpoints,
      @DefaultValue("14d") Duration idleAfter,
      @DefaultValue("60d") Duration stalledAfter,
      @Nullable Duration dwellWarning) {
    public Stage {
      checkpoints = Immutable.list(checkpoints);
    }
  }

  /**
   * A checkpoint (关卡).
   *
   * @param id Stable id stored on deals: lower-case letters, digits and '-', e.g. needs-notes;
   *     first-touch is completed by salesbot when the owner presses 已联系.
   * @param number Its number on cards and in commands (③); unset: its position among all
   *     checkpoints, from 1.
   * @param name Display name, e.g. 需求调研纪要.
   * @param evidence What completes it: kinds note, file, photo, amount, date, person; '|' for
   *     either, '+' for both, e.g. note|file or file+amount; empty: completed by salesbot itself.
   * @param completedBy Who may complete it: owner (the deal's owner or the manager) or manager.
   * @param required Whether the stage's gate waits for it.
   * @param dependsOn The id of an earlier checkpoint that must be done before this one.
   */
  public record Checkpoint(
      @Nullable String id,
      @Nullable Integer number,
      @Nullable String name,
      @DefaultValue("") String evidence,
      @DefaultValue("owner") String completedBy,
      @DefaultValue("true") boolean required,
      @Nullable String dependsOn) {}
}
