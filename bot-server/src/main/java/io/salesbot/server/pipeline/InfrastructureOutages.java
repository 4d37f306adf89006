package io.salesbot.server.pipeline;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.salesbot.adapter.redis.Outages;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import reactor.core.publisher.Mono;

/**
 * The one place that tells an infrastructure failure from a failing handler: PostgreSQL refusing or
 * dropping connections, the pool timing out, the database shutting down (SQLSTATE classes 08 and
 * 57P, and 53300 too many connections), and Redis not answering. The stream workers give such an
 * entry its delivery back and pause until {@link #available()} is true again; every other failure
 * spends a delivery and ends in the dead letters after {@code max-deliveries}.
 */
public final class InfrastructureOutages implements Outages {
  private static final int MAX_CAUSES = 12;

  private final Supplier<Mono<Boolean>> database;
  private final Supplier<Mono<Boolean>> redis;

  /**
   * @param database answers true when PostgreSQL runs a query now
   * @param redis answers true when Redis answers now
   */
  public InfrastructureOutages(Supplier<Mono<Boolean>> database, Supplier<Mono<Boolean>> redis) {
    this.database = database;
    this.redis = redis;
  }

  @Override
  public boolean isOutage(Throwable error) {
    return isInfrastructureFailure(error);
  }

  /** True when {@code error} or one of its causes is an infrastructure failure (see above). */
  public static boolean isInfrastructureFailure(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
      if (t instanceof R2dbcNonTransientResourceException
          || t instanceof R2dbcTransientResourceException
          || t instanceof R2dbcTimeoutException
          || t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessResourceException
          || t instanceof QueryTimeoutException
          || t instanceof ConnectException
          || t instanceof ClosedChannelException
          || t instanceof RedisConnectionException
          || t instanceof RedisCommandTimeoutException) {
        return true;
      }
      if (t instanceof R2dbcException r && isUnavailableState(r.getSqlState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean isUnavailableState(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.equals("53300"));
  }

  @Override
  public Mono<Boolean> available() {
    return Mono.zip(
            Mono.defer(database).onErrorReturn(false).defaultIfEmpty(false),
            Mono.defer(redis).onErrorReturn(false).defaultIfEmpty(false))
        .map(both -> both.getT1() && both.getT2());
  }
}
