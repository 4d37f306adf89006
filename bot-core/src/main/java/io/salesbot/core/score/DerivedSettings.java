package io.salesbot.core.score;

import java.util.Objects;
import java.util.Set;

/**
 * Which records salesbot derives from the deals and the first-touch SLA itself (source {@value
 * DerivedRecords#SOURCE}), and from which checkpoints. The defaults fit the seed's 五阶十二关 and 三轴九维.
 *
 * @param enabled whether any record is derived
 * @param contracts whether a won deal gives a {@code contract} (its amount from the contract
 *     checkpoint's evidence) and a {@code new_customer} record; off when an ERP feed sends them
 * @param contractCheckpoint the checkpoint whose amount evidence is the contract's amount (⑪)
 * @param proposalCheckpoints checkpoints each of which, done, is one proposal submitted (⑥)
 * @param visitCheckpoints checkpoints each of which, done, is one effective visit (⑦ demo)
 * @param proposalDimension the dimension a proposal's {@code metric} record names
 * @param firstTouchDimension the dimension a first touch's {@code metric} record names: 1 within
 *     the first-touch SLA, 0 after it
 */
public record DerivedSettings(
    boolean enabled,
    boolean contracts,
    String contractCheckpoint,
    Set<String> proposalCheckpoints,
    Set<String> visitCheckpoints,
    String proposalDimension,
    String firstTouchDimension) {
  public DerivedSettings {
    Objects.requireNonNull(contractCheckpoint, "contractCheckpoint");
    Objects.requireNonNull(proposalDimension, "proposalDimension");
    Objects.requireNonNull(firstTouchDimension, "firstTouchDimension");
    proposalCheckpoints = Set.copyOf(proposalCheckpoints);
    visitCheckpoints = Set.copyOf(visitCheckpoints);
  }

  /** Everything derived, from ⑥ 方案提交, ⑦ 方案演示, ⑪ 合同签署 and ① 首次触达. */
  public static DerivedSettings defaults() {
    return new DerivedSettings(
        true, true, "contract", Set.of("proposal"), Set.of("demo"), "proposals", "follow-up");
  }

  /** Nothing derived. */
  public static final DerivedSettings OFF =
      new DerivedSettings(false, false, "contract", Set.of(), Set.of(), "proposals", "follow-up");

  /** The same with won deals' contracts and new customers on or off. */
  public DerivedSettings withContracts(boolean on) {
    return new DerivedSettings(
        enabled,
        on,
        contractCheckpoint,
        proposalCheckpoints,
        visitCheckpoints,
        proposalDimension,
        firstTouchDimension);
  }
}
