package io.salesbot.adapter.postgres;

import io.salesbot.core.lead.Leads.Routing;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link PostgresLeads#routeAll}: the routes of a batch in two statements instead of one each.
 *
 * <ol>
 *   <li>one statement puts every {@code NEW} lead of the batch into its team's pool and writes the
 *       audit rows of those it changed ({@code unnest} of the batch, rows locked in id order so
 *       that two batches never wait for each other in a circle); atomic without a transaction;
 *   <li>one read of the batch's other leads (routed before, or missing), as they are now.
 * </ol>
 *
 * A lead that comes twice in the batch is routed by its first routing; the later ones answer the
 * lead as it is afterwards, unchanged and without an audit row, as a second {@link
 * PostgresLeads#route} would.
 */
final class PostgresRouteBatch {
  private PostgresRouteBatch() {}

  static Mono<List<Optional<Lead>>> run(DatabaseClient db, List<Routing> batch) {
    if (batch.isEmpty()) {
      return Mono.just(List.of());
    }
    Map<String, Routing> first = new LinkedHashMap<>();
    for (Routing r : batch) {
      first.putIfAbsent(r.leadId(), r);
    }
    List<String[]> rows = new ArrayList<>();
    for (Routing r : first.values()) {
      rows.add(
          new String[] {
            r.leadId(),
            r.teamId(),
            r.audit().actor(),
            r.audit().action(),
            r.audit().reason(),
            r.audit().eventId(),
            r.audit().at().truncatedTo(ChronoUnit.MICROS).toString()
          });
    }
    String[][] columns = UnnestColumns.of(7, rows);
    Map<String, Lead> after = new HashMap<>();
    return db.sql(
            "WITH input AS (SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:teams AS text[]),"
                + " CAST(:actors AS text[]), CAST(:actions AS text[]), CAST(:reasons AS text[]),"
                + " CAST(:events AS text[]), CAST(:ats AS text[]))"
                + " AS t(id, team_id, actor, action, reason, event_id, at)),"
                + " locked AS (SELECT l.id FROM leads l JOIN input i ON i.id = l.id"
                + " WHERE l.status = :new ORDER BY l.id FOR UPDATE OF l),"
                + " changed AS (UPDATE leads AS l SET status = :pooled, team_id = i.team_id,"
                + " version = l.version + 1 FROM input i, locked k"
                + " WHERE l.id = i.id AND k.id = l.id AND l.status = :new RETURNING "
                + PostgresLeads.LEAD_COLUMNS
                + "), logged AS (INSERT INTO lead_audit (lead_id, actor, action, reason,"
                + " event_id, at) SELECT c.id, i.actor, i.action, i.reason, i.event_id,"
                + " CAST(i.at AS timestamptz) FROM changed c JOIN input i ON i.id = c.id"
                + " ON CONFLICT ON CONSTRAINT lead_audit_once DO NOTHING)"
                + " SELECT * FROM changed")
        .bind("ids", columns[0])
        .bind("teams", columns[1])
        .bind("actors", columns[2])
        .bind("actions", columns[3])
        .bind("reasons", columns[4])
        .bind("events", columns[5])
        .bind("ats", columns[6])
        .bind("new", LeadStatus.NEW.name())
        .bind("pooled", LeadStatus.POOLED.name())
        .map(PostgresLeads::lead)
        .all()
        .doOnNext(l -> after.put(l.id(), l))
        .then(Mono.defer(() -> unchanged(db, first.keySet(), after)))
        .then(
            Mono.fromSupplier(
                () -> {
                  List<Optional<Lead>> answers = new ArrayList<>(batch.size());
                  for (Routing r : batch) {
                    answers.add(Optional.ofNullable(after.get(r.leadId())));
                  }
                  return answers;
                }));
  }

  /**
   * Reads the leads the statement did not change (routed before, or missing) into {@code after}.
   */
  private static Mono<Void> unchanged(
      DatabaseClient db, Iterable<String> ids, Map<String, Lead> after) {
    List<String> rest = new ArrayList<>();
    for (String id : ids) {
      if (!after.containsKey(id)) {
        rest.add(id);
      }
    }
    if (rest.isEmpty()) {
      return Mono.empty();
    }
    return db.sql(
            "SELECT "
                + PostgresLeads.LEAD_COLUMNS
                + " FROM leads l WHERE l.id = ANY(CAST(:ids AS text[]))")
        .bind("ids", rest.toArray(String[]::new))
        .map(PostgresLeads::lead)
        .all()
        .doOnNext(l -> after.put(l.id(), l))
        .then();
  }
}
