package io.salesbot.adapter.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

/**
 * Brings a PostgreSQL database to the adapter's schema with Flyway, from the migrations under
 * {@code classpath:db/migration}. Safe to run from several instances at once: Flyway locks the
 * schema history table.
 */
public final class SchemaMigrator {
  private SchemaMigrator() {}

  /**
   * Applies the pending migrations.
   *
   * @return how many migrations were applied now (0 when the schema was up to date)
   * @throws IllegalStateException saying which database and what went wrong, when the database
   *     cannot be reached or a migration fails
   */
  public static int migrate(String jdbcUrl, String user, String password) {
    try {
      MigrateResult result =
          Flyway.configure(SchemaMigrator.class.getClassLoader())
              .dataSource(jdbcUrl, user, password)
              .locations("classpath:db/migration")
              .failOnMissingLocations(true)
              // V12/V13 came after V20 was released: apply such lower versions on databases that
              // already have V20 instead of failing validation.
              .outOfOrder(true)
              .load()
              .migrate();
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new IllegalStateException(
          "Could not migrate the PostgreSQL schema at "
              + withoutQuery(jdbcUrl)
              + " as user '"
              + user
              + "': "
              + rootMessage(e)
              + ". Check that PostgreSQL is running and reachable, and that the user may create"
              + " tables in the database.",
          e);
    }
  }

  /** The URL without its query, which may carry a password. */
  private static String withoutQuery(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }

  /** Flyway's headline plus the deepest cause, each on one line. */
  private static String rootMessage(Throwable e) {
    String headline = firstLine(e.getMessage());
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String cause = root == e ? "" : firstLine(root.getMessage());
    return cause.isEmpty() || headline.contains(cause) ? headline : headline + " (" + cause + ")";
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "";
    }
    String trimmed = message.strip();
    int newline = trimmed.indexOf('\n');
    return (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
  }
}
