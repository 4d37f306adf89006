package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.Deliveries;
import io.salesbot.core.platform.domain.Delivery;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link Deliveries} on PostgreSQL: table {@code deliveries}, one row per command and recipient.
 */
final class PostgresDeliveries implements Deliveries {
  private final DatabaseClient db;

  PostgresDeliveries(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Set<Address>> delivered(String commandId, List<Address> recipients) {
    if (recipients.isEmpty()) {
      return Mono.just(Set.of());
    }
    Map<String, Address> byText = new HashMap<>();
    recipients.forEach(r -> byText.put(r.toString(), r));
    return db.sql(
            "SELECT recipient FROM deliveries"
                + " WHERE command_id = :commandId AND recipient = ANY(CAST(:recipients AS text[]))")
        .bind("commandId", commandId)
        .bind("recipients", byText.keySet().toArray(String[]::new))
        .map(row -> PostgresLeads.required(row, "recipient"))
        .all()
        .collect(
            LinkedHashSet<Address>::new,
            (found, text) -> {
              Address a = byText.get(text);
              if (a != null) {
                found.add(a);
              }
            })
        .map(Set::copyOf);
  }

  /**
   * One query for all the questions: the rows of their commands (the primary key's first column),
   * then each question keeps the recipients it asked about.
   */
  @Override
  public Mono<List<Set<Address>>> deliveredAll(List<Asked> questions) {
    Set<String> commandIds = new LinkedHashSet<>();
    for (Asked q : questions) {
      if (!q.recipients().isEmpty()) {
        commandIds.add(q.commandId());
      }
    }
    if (commandIds.isEmpty()) {
      return Mono.just(questions.stream().map(q -> Set.<Address>of()).toList());
    }
    return db.sql(
            "SELECT command_id, recipient FROM deliveries"
                + " WHERE command_id = ANY(CAST(:commandIds AS text[]))")
        .bind("commandIds", commandIds.toArray(String[]::new))
        .map(
            row ->
                Map.entry(
                    PostgresLeads.required(row, "command_id"),
                    PostgresLeads.required(row, "recipient")))
        .all()
        .collect(
            HashMap<String, Set<String>>::new,
            (found, e) -> found.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()))
        .map(
            found ->
                questions.stream()
                    .map(
                        q -> {
                          Set<String> reached = found.getOrDefault(q.commandId(), Set.of());
                          Set<Address> mine = new LinkedHashSet<>();
                          for (Address r : q.recipients()) {
                            if (reached.contains(r.toString())) {
                              mine.add(r);
                            }
                          }
                          return Set.copyOf(mine);
                        })
                    .toList());
  }

  @Override
  public Mono<Void> record(List<Delivery> deliveries) {
    if (deliveries.isEmpty()) {
      return Mono.empty();
    }
    int n = deliveries.size();
    String[] commandIds = new String[n];
    String[] recipients = new String[n];
    String[] refs = new String[n];
    for (int i = 0; i < n; i++) {
      Delivery d = deliveries.get(i);
      commandIds[i] = d.commandId();
      recipients[i] = d.recipient().toString();
      refs[i] = d.platformRef();
    }
    return db.sql(
            "INSERT INTO deliveries (command_id, recipient, platform_ref)"
                + " SELECT c, r, p FROM unnest(CAST(:commandIds AS text[]),"
                + " CAST(:recipients AS text[]), CAST(:refs AS text[])) AS t(c, r, p)"
                + " ON CONFLICT (command_id, recipient) DO NOTHING")
        .bind("commandIds", commandIds)
        .bind("recipients", recipients)
        .bind("refs", refs)
        .then();
  }
}
