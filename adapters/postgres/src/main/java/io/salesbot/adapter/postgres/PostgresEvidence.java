package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.EvidenceKind;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/** {@link EvidenceStore} on PostgreSQL: table {@code evidence}; an id is stored once. */
final class PostgresEvidence implements EvidenceStore {
  private final DatabaseClient db;

  PostgresEvidence(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Evidence> save(Evidence e) {
    GenericExecuteSpec spec =
        db.sql(
                "INSERT INTO evidence (id, uploader, kinds, note, file, file_name, received_at)"
                    + " VALUES (:id, :uploader, :kinds, :note, :file, :name, :at)"
                    + " ON CONFLICT (id) DO NOTHING")
            .bind("id", e.id())
            .bind("uploader", e.uploader().toString())
            .bind(
                "kinds",
                e.kinds().stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
            .bind("at", PostgresLeads.time(e.receivedAt()));
    spec = PostgresLeads.text(spec, "note", e.text());
    spec = PostgresLeads.text(spec, "file", e.file());
    spec = PostgresLeads.text(spec, "name", e.fileName());
    return spec.then().then(find(e.id()));
  }

  @Override
  public Mono<Evidence> find(String id) {
    return db.sql(
            "SELECT id, uploader, kinds, note, file, file_name, received_at FROM evidence"
                + " WHERE id = :id")
        .bind("id", id)
        .map(
            row -> {
              Set<EvidenceKind> kinds = EnumSet.noneOf(EvidenceKind.class);
              for (String k : PostgresLeads.required(row, "kinds").split(",")) {
                if (!k.isEmpty()) {
                  kinds.add(EvidenceKind.valueOf(k));
                }
              }
              return new Evidence(
                  PostgresLeads.required(row, "id"),
                  Address.parse(PostgresLeads.required(row, "uploader")),
                  kinds,
                  row.get("note", String.class),
                  row.get("file", String.class),
                  row.get("file_name", String.class),
                  PostgresLeads.instant(row, "received_at"));
            })
        .one();
  }
}
