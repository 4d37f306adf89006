package io.salesbot.server.admin;

import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.sla.ResponseFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The response part of the admin lead view: {@code responseDueAt} (when the lead had to be claimed
 * under its team's response SLA), and the three times as ISO-8601 durations — {@code
 * arrivalToClaim}, {@code claimToFirstTouch}, {@code arrivalToFirstTouch} — each null until it is
 * reached.
 */
public final class ResponseView {
  private final ResponseFigures figures;

  public ResponseView(ResponseFigures figures) {
    this.figures = figures;
  }

  Mono<Map<String, Object>> of(Lead lead) {
    Instant due = figures.due(lead);
    return figures
        .times(lead)
        .map(t -> view(due, t.claim(), t.touch(), t.total()))
        .defaultIfEmpty(view(due, null, null, null));
  }

  private static Map<String, Object> view(
      @Nullable Instant due,
      @Nullable Duration claim,
      @Nullable Duration touch,
      @Nullable Duration total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("responseDueAt", due == null ? null : due.toString());
    m.put("arrivalToClaim", text(claim));
    m.put("claimToFirstTouch", text(touch));
    m.put("arrivalToFirstTouch", text(total));
    return m;
  }

  private static @Nullable String text(@Nullable Duration d) {
    return d == null ? null : d.toString();
  }
}
