package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.ChartImages;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** {@link ChartImages} in the {@code chart_images} table, so every instance serves every image. */
final class PostgresChartImages implements ChartImages {
  private static final System.Logger LOG = System.getLogger(PostgresChartImages.class.getName());

  private final DatabaseClient db;

  PostgresChartImages(DatabaseClient db) {
    this.db = db;
  }

  /**
   * The insert, then the purge: a range scan of {@code chart_images_created_at_idx} that finds
   * nothing or the few images that turned a week old since the last report. A purge that fails
   * leaves them for the next one; the image is stored either way.
   */
  @Override
  public Mono<Void> put(String id, byte[] png, Instant at) {
    Mono<Void> purge =
        db.sql("DELETE FROM chart_images WHERE created_at < :cutoff")
            .bind("cutoff", PostgresLeads.time(at.minus(KEPT)))
            .fetch()
            .rowsUpdated()
            .doOnNext(n -> LOG.log(Level.DEBUG, "purged {0} chart images", n))
            .onErrorResume(
                e -> {
                  LOG.log(Level.WARNING, "chart images not purged this time: {0}", e.toString());
                  return Mono.empty();
                })
            .then();
    return db.sql(
            "INSERT INTO chart_images (id, png, created_at) VALUES (:id, :png, :at)"
                + " ON CONFLICT (id) DO NOTHING")
        .bind("id", id)
        .bind("png", ByteBuffer.wrap(png))
        .bind("at", PostgresLeads.time(at))
        .then()
        .then(purge);
  }

  @Override
  public Mono<byte[]> find(String id) {
    return db.sql("SELECT png FROM chart_images WHERE id = :id")
        .bind("id", id)
        .map(
            row -> {
              ByteBuffer b = row.get("png", ByteBuffer.class);
              byte[] out = new byte[b.remaining()];
              b.get(out);
              return out;
            })
        .one();
  }
}
