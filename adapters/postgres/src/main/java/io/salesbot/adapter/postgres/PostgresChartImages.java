package io.salesbot.adapter.postgres;

import io.salesbot.core.kernel.ChartImages;
import java.nio.ByteBuffer;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** {@link ChartImages} in the {@code chart_images} table, so every instance serves every image. */
final class PostgresChartImages implements ChartImages {
  private final DatabaseClient db;

  PostgresChartImages(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Void> put(String id, byte[] png) {
    return db.sql(
            "INSERT INTO chart_images (id, png) VALUES (:id, :png) ON CONFLICT (id) DO NOTHING")
        .bind("id", id)
        .bind("png", ByteBuffer.wrap(png))
        .then();
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
