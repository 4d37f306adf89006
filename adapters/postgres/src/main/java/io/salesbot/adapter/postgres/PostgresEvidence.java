package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.Location;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.EvidenceKind;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/**
 * {@link EvidenceStore} on PostgreSQL: table {@code evidence} (V30, metadata V32, the location
 * index V34); an id is stored once, its attachment recorded later.
 */
final class PostgresEvidence implements EvidenceStore {
  private final DatabaseClient db;

  PostgresEvidence(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Evidence> save(Evidence e) {
    GenericExecuteSpec spec =
        db.sql(
                "INSERT INTO evidence (id, uploader, kinds, note, file, file_name, received_at,"
                    + " size, content_type, latitude, longitude, place, watermark, deal_id,"
                    + " checkpoint) VALUES (:id, :uploader, :kinds, :note, :file, :name, :at,"
                    + " :size, :type, :lat, :lng, :place, :watermark, :deal, :checkpoint)"
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
    spec = e.size() == null ? spec.bindNull("size", Long.class) : spec.bind("size", e.size());
    spec = PostgresLeads.text(spec, "type", e.contentType());
    Location at = e.location();
    spec = at == null ? spec.bindNull("lat", Double.class) : spec.bind("lat", at.latitude());
    spec = at == null ? spec.bindNull("lng", Double.class) : spec.bind("lng", at.longitude());
    spec = PostgresLeads.text(spec, "place", at == null ? null : at.label());
    spec = PostgresLeads.text(spec, "watermark", e.watermark());
    spec = PostgresLeads.text(spec, "deal", e.dealId());
    spec = PostgresLeads.text(spec, "checkpoint", e.checkpoint());
    return spec.then().then(find(e.id()));
  }

  @Override
  public Mono<Evidence> attach(String id, String dealId, String checkpointId) {
    return db.sql("UPDATE evidence SET deal_id = :deal, checkpoint = :checkpoint WHERE id = :id")
        .bind("deal", dealId)
        .bind("checkpoint", checkpointId)
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .filter(n -> n > 0)
        .flatMap(n -> find(id));
  }

  private static final String COLUMNS =
      "id, uploader, kinds, note, file, file_name, received_at, size, content_type, latitude,"
          + " longitude, place, watermark, deal_id, checkpoint";

  @Override
  public Mono<Evidence> find(String id) {
    return db.sql("SELECT " + COLUMNS + " FROM evidence WHERE id = :id")
        .bind("id", id)
        .map(PostgresEvidence::evidence)
        .one();
  }

  @Override
  public Mono<Evidence> lastLocation(Address person, Instant since, Instant until) {
    // The partial index evidence_locations (V34) answers this.
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM evidence WHERE uploader = :uploader AND latitude IS NOT NULL"
                + " AND received_at BETWEEN :since AND :until"
                + " ORDER BY received_at DESC, id DESC LIMIT 1")
        .bind("uploader", person.toString())
        .bind("since", PostgresLeads.time(since))
        .bind("until", PostgresLeads.time(until))
        .map(PostgresEvidence::evidence)
        .one();
  }

  private static Evidence evidence(Readable row) {
    Double lat = row.get("latitude", Double.class);
    Double lng = row.get("longitude", Double.class);
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
        PostgresLeads.instant(row, "received_at"),
        row.get("size", Long.class),
        row.get("content_type", String.class),
        lat == null || lng == null ? null : new Location(lat, lng, row.get("place", String.class)),
        row.get("watermark", String.class),
        row.get("deal_id", String.class),
        row.get("checkpoint", String.class));
  }
}
