package io.salesbot.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * A pooled connection left inside a transaction nobody owns (a {@code BEGIN} that PostgreSQL ran
 * after the query that sent it was cancelled and the connection went back to the pool) must not
 * swallow later auto-commit writes.
 */
class CleanConnectionsTest {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();
  private ConnectionPool pool;

  @BeforeEach
  void onePooledConnection() {
    database.execute("CREATE TABLE IF NOT EXISTS clean_connections_probe (v text)");
    database.execute("TRUNCATE clean_connections_probe");
    pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(database.connectionFactory())
                .initialSize(1)
                .maxSize(1)
                .maxAcquireTime(Duration.ofSeconds(5))
                .build());
    leaveATransactionBehind();
  }

  @AfterEach
  void close() {
    pool.dispose();
    database.execute("DROP TABLE IF EXISTS clean_connections_probe");
  }

  @Test
  void without_the_guard_a_write_lands_in_the_forgotten_transaction_and_nobody_else_sees_it() {
    insert(pool, "lost");

    assertThat(database.count("SELECT count(*) FROM clean_connections_probe")).isZero();
  }

  @Test
  void the_guard_rolls_the_forgotten_transaction_back_so_the_write_commits() {
    insert(CleanConnections.guard(pool), "kept");

    assertThat(database.count("SELECT count(*) FROM clean_connections_probe WHERE v = 'kept'"))
        .isOne();
  }

  @Test
  void the_adapter_uses_the_guard() {
    PostgresAdapter adapter = new PostgresAdapter(pool);
    adapter.leads().findById("no-such-lead").block(Duration.ofSeconds(10));
    insert(pool, "after-adapter-use");

    assertThat(database.count("SELECT count(*) FROM clean_connections_probe")).isOne();
  }

  @Test
  void a_connection_that_does_not_answer_the_rollback_is_dropped_and_another_is_taken() {
    AtomicInteger created = new AtomicInteger();
    Connection stuck = new StuckInTransaction();
    ConnectionFactory factory =
        new ConnectionFactory() {
          @Override
          public Mono<Connection> create() {
            return created.getAndIncrement() == 0
                ? Mono.just(stuck)
                : Mono.from(pool.create()).cast(Connection.class);
          }

          @Override
          public io.r2dbc.spi.ConnectionFactoryMetadata getMetadata() {
            return pool.getMetadata();
          }
        };
    pool.dispose();
    pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(database.connectionFactory()).maxSize(1).build());

    insert(new CleanConnections(factory, Duration.ofMillis(200)), "second");

    assertThat(created).hasValue(2);
    assertThat(((StuckInTransaction) stuck).closed).isTrue();
    assertThat(database.count("SELECT count(*) FROM clean_connections_probe")).isOne();
  }

  /** Sends a bare BEGIN (not through the pool's transaction API) and gives the connection back. */
  private void leaveATransactionBehind() {
    Mono.usingWhen(
            Mono.from(pool.create()),
            c ->
                Mono.from(c.createStatement("BEGIN").execute())
                    .flatMap(r -> Mono.from(r.getRowsUpdated())),
            Connection::close)
        .block(Duration.ofSeconds(10));
  }

  private static void insert(ConnectionFactory factory, String value) {
    DatabaseClient.create(factory)
        .sql("INSERT INTO clean_connections_probe (v) VALUES (:v)")
        .bind("v", value)
        .then()
        .block(Duration.ofSeconds(10));
  }

  /** A connection inside a transaction whose rollback never answers (a hung conversation). */
  private static final class StuckInTransaction implements Connection {
    volatile boolean closed;

    @Override
    public boolean isAutoCommit() {
      return false;
    }

    @Override
    public Mono<Void> rollbackTransaction() {
      return Mono.never();
    }

    @Override
    public Mono<Void> close() {
      return Mono.fromRunnable(() -> closed = true);
    }

    @Override
    public Mono<Void> beginTransaction() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> beginTransaction(io.r2dbc.spi.TransactionDefinition definition) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> commitTransaction() {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.r2dbc.spi.Batch createBatch() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> createSavepoint(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.r2dbc.spi.Statement createStatement(String sql) {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.r2dbc.spi.ConnectionMetadata getMetadata() {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.r2dbc.spi.IsolationLevel getTransactionIsolationLevel() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> releaseSavepoint(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> rollbackTransactionToSavepoint(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> setAutoCommit(boolean autoCommit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> setLockWaitTimeout(Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> setStatementTimeout(Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> setTransactionIsolationLevel(io.r2dbc.spi.IsolationLevel level) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Boolean> validate(io.r2dbc.spi.ValidationDepth depth) {
      return Mono.just(!closed);
    }
  }
}
