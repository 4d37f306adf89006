package io.salesbot.server.admin;

import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.MoveDeal;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The deal part of the admin lead view: {@code stage} (the current stage's name), {@code
 * checkpoints} (each with {@code name} and {@code state}: done, open or owed), {@code outcome} and
 * {@code nextStep}; all null/empty for a lead that is no deal (not claimed yet).
 */
public final class DealView {
  private final Deals deals;
  private final StageModel model;

  public DealView(Deals deals, StageModel model) {
    this.deals = deals;
    this.model = model;
  }

  /**
   * The evidence ids each stage move of the deal relied on, keyed by {@link #key} of the move's
   * audit line (its action and instant, which the move writes with its transition): empty for a
   * lead that is no deal.
   */
  Mono<Map<String, List<String>>> evidenceOfMoves(String leadId) {
    return deals
        .transitions(leadId)
        .collectMap(t -> key(MoveDeal.action(t.kind()), t.at()), Transition::evidence);
  }

  static String key(String action, Instant at) {
    return action + "@" + at;
  }

  Mono<Map<String, Object>> of(String leadId) {
    return deals.find(leadId).map(this::view).defaultIfEmpty(none());
  }

  private static Map<String, Object> none() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", null);
    m.put("checkpoints", List.of());
    m.put("outcome", null);
    m.put("nextStep", null);
    return m;
  }

  private Map<String, Object> view(Deal d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", model.stage(d.stage()).name());
    List<Map<String, Object>> checkpoints = new ArrayList<>();
    for (CheckpointDef c : model.all()) {
      CheckpointState s = d.state(c.id());
      Map<String, Object> cp = new LinkedHashMap<>();
      cp.put("id", c.id());
      cp.put("number", c.number());
      cp.put("name", c.name());
      cp.put("state", s.state().wire());
      cp.put("evidence", s.evidence());
      cp.put("dueAt", s.dueAt() == null ? null : s.dueAt().toString());
      checkpoints.add(cp);
    }
    m.put("checkpoints", checkpoints);
    m.put("outcome", d.outcome().name().toLowerCase(java.util.Locale.ROOT));
    m.put("outcomeReason", d.outcomeReason());
    m.put(
        "nextStep",
        d.nextStep() == null
            ? null
            : Map.of("text", d.nextStep().text(), "due", d.nextStep().due().toString()));
    return m;
  }
}
