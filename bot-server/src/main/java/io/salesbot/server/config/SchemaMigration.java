package io.salesbot.server.config;

import io.salesbot.adapter.postgres.SchemaMigrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Migrates the schema with Flyway at start-up, over JDBC: {@code spring.flyway.url} if set, else
 * the embedded database's JDBC URL, else the JDBC twin of {@code spring.r2dbc.url}.
 */
public final class SchemaMigration {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);

  private SchemaMigration() {}

  public static void run(Environment env) {
    String url = env.getProperty("spring.flyway.url");
    if (url == null) {
      url = env.getProperty("salesbot.dev-services.postgres.jdbc-url");
    }
    if (url == null) {
      url = jdbcUrl(env.getProperty("spring.r2dbc.url", ""));
    }
    String user =
        env.getProperty("spring.flyway.user", env.getProperty("spring.r2dbc.username", ""));
    String password =
        env.getProperty("spring.flyway.password", env.getProperty("spring.r2dbc.password", ""));
    int applied = SchemaMigrator.migrate(url, user, password);
    LOG.info("Database schema is up to date ({} migration(s) applied now)", applied);
  }

  /** {@code r2dbc:postgresql://h:5432/db?x} → {@code jdbc:postgresql://h:5432/db}. */
  static String jdbcUrl(String r2dbcUrl) {
    if (!r2dbcUrl.startsWith("r2dbc:postgresql://") && !r2dbcUrl.startsWith("r2dbc:postgres://")) {
      throw new InvalidConfigurationException(
          "spring.r2dbc.url",
          "must look like r2dbc:postgresql://host:5432/database (got '"
              + r2dbcUrl
              + "'), or set spring.flyway.url");
    }
    String rest = r2dbcUrl.substring(r2dbcUrl.indexOf("://") + 3);
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      rest = rest.substring(at + 1);
    }
    return "jdbc:postgresql://" + rest;
  }
}
