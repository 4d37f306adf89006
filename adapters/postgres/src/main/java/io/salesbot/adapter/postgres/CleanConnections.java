package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import java.lang.System.Logger.Level;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Hands out only connections that are outside a transaction. A query cancelled while PostgreSQL
 * hangs (a handler's timeout during an outage) can leave its {@code BEGIN} queued on a pooled
 * connection; the server runs it when it answers again, after the pool took the connection back as
 * idle. Every statement later run on that connection in auto-commit mode then stays inside that
 * forgotten transaction: visible to that connection only, holding its row locks, and lost when the
 * session ends — leads that look routed on one read and new on the next (seen after a freeze of the
 * embedded PostgreSQL, {@code PostgresOutageTest}).
 *
 * <p>So each connection is checked when it is taken: one still in a transaction is rolled back
 * (nobody can own that transaction any more: its owner gave the connection back); one that does not
 * answer the rollback within {@link #ROLLBACK_WITHIN} is closed underneath the pool, which then
 * drops it, and another is taken. The check itself is a field read, free for a healthy connection.
 */
final class CleanConnections implements ConnectionFactory, Wrapped<ConnectionFactory> {
  static final Duration ROLLBACK_WITHIN = Duration.ofSeconds(2);
  private static final int ATTEMPTS = 3;
  private static final System.Logger LOG = System.getLogger(CleanConnections.class.getName());

  private final ConnectionFactory delegate;
  private final Duration rollbackWithin;

  CleanConnections(ConnectionFactory delegate, Duration rollbackWithin) {
    this.delegate = delegate;
    this.rollbackWithin = rollbackWithin;
  }

  /** {@code factory} guarded, unless it already is. */
  static ConnectionFactory guard(ConnectionFactory factory) {
    return factory instanceof CleanConnections
        ? factory
        : new CleanConnections(factory, ROLLBACK_WITHIN);
  }

  @Override
  public Mono<Connection> create() {
    return Mono.defer(() -> Mono.<Connection>from(delegate.create()))
        .flatMap(this::clean)
        .retryWhen(
            Retry.max(ATTEMPTS - 1)
                .filter(Discarded.class::isInstance)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
  }

  @Override
  public ConnectionFactoryMetadata getMetadata() {
    return delegate.getMetadata();
  }

  @Override
  public ConnectionFactory unwrap() {
    return delegate;
  }

  private Mono<Connection> clean(Connection connection) {
    if (connection.isAutoCommit()) {
      return Mono.just(connection);
    }
    LOG.log(
        Level.WARNING,
        "a pooled PostgreSQL connection was still inside a transaction nobody owns (left by a query"
            + " cancelled during an outage); rolling it back before use");
    return Mono.from(connection.rollbackTransaction())
        .timeout(rollbackWithin)
        .then(
            Mono.defer(
                () ->
                    connection.isAutoCommit()
                        ? Mono.just(connection)
                        : discard(connection, "it stayed in the transaction after the rollback")))
        .onErrorResume(
            e ->
                e instanceof Discarded
                    ? Mono.error(e)
                    : discard(connection, "the rollback failed: " + e));
  }

  /** Closes the physical connection (the pool drops it when it validates it) and gives it back. */
  private Mono<Connection> discard(Connection connection, String why) {
    LOG.log(Level.WARNING, () -> "dropping a pooled PostgreSQL connection: " + why);
    Mono<Void> closePhysical =
        connection instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection physical
            ? Mono.from(physical.close())
            : Mono.empty();
    return closePhysical
        .timeout(rollbackWithin)
        .onErrorResume(e -> Mono.empty())
        .then(Mono.from(connection.close()).timeout(rollbackWithin))
        .onErrorResume(e -> Mono.empty())
        .then(Mono.error(new Discarded(why)));
  }

  /** A connection that could not be cleaned; another is taken. */
  static final class Discarded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Discarded(String why) {
      super("a PostgreSQL connection left inside a transaction was dropped: " + why);
    }
  }
}
