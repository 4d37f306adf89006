package io.salesbot.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();

  @Test
  void migratingAnUpToDateSchemaDoesNothing() throws IOException {
    assertThat(SchemaMigrator.migrate(database.jdbcUrl(), EmbeddedDatabase.USER, "")).isZero();
    long files;
    try (java.util.stream.Stream<java.nio.file.Path> sql =
        java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
      files = sql.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
    }
    assertThat(database.count("SELECT count(*) FROM flyway_schema_history WHERE success"))
        .isEqualTo(files)
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void anUnreachableDatabaseFailsWithAClearMessageAndNoPassword() throws IOException {
    int port = closedPort();
    String url = "jdbc:postgresql://localhost:" + port + "/salesbot?password=s3cret";

    assertThatThrownBy(() -> SchemaMigrator.migrate(url, "salesbot", "s3cret"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Could not migrate the PostgreSQL schema at")
        .hasMessageContaining("jdbc:postgresql://localhost:" + port + "/salesbot")
        .hasMessageContaining("'salesbot'")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void pingSaysWhetherTheDatabaseAnswers() throws IOException {
    assertThat(new PostgresAdapter(database.connectionFactory()).ping().block()).isTrue();

    PostgresAdapter nowhere =
        new PostgresAdapter(
            new PostgresqlConnectionFactory(
                PostgresqlConnectionConfiguration.builder()
                    .host("localhost")
                    .port(closedPort())
                    .username("postgres")
                    .connectTimeout(Duration.ofSeconds(2))
                    .build()));
    assertThat(nowhere.ping().block(Duration.ofSeconds(10))).isFalse();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
