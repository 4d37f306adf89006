package io.salesbot.server.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DevServicesTest {

  /** Used unless another test class in this JVM started the shared services first. */
  static final Path DATA = Path.of("target", "devservices-test");

  @BeforeAll
  static void startSharedServices() throws java.io.IOException {
    if (!DevServices.hasPostgres()) {
      // Each test JVM starts from empty servers; the end-to-end tests share them and must not see
      // an earlier run's leads (pools are paged).
      org.springframework.util.FileSystemUtils.deleteRecursively(DATA);
    }
    DevServices.shared(DevServicesSettings.of(DATA));
  }

  @Test
  void postgresIsVersion17AndHasTheSalesbotDatabase() throws Exception {
    DevPostgres postgres = DevServices.postgres();
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl(), postgres.username(), postgres.password());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select version(), current_database()")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).startsWith("PostgreSQL 17.");
      assertThat(result.getString(2)).isEqualTo("salesbot");
    }
    assertThat(Files.readString(postgres.dataDirectory().resolve("PG_VERSION")).trim())
        .isEqualTo("17");
  }

  @Test
  void postgresRunsWithFsyncAndSynchronousCommitOn() throws Exception {
    DevPostgres postgres = DevServices.postgres();
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl(), postgres.username(), postgres.password());
        Statement statement = connection.createStatement()) {
      for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
        try (ResultSet result = statement.executeQuery("show " + setting)) {
          assertThat(result.next()).isTrue();
          assertThat(result.getString(1)).as(setting).isEqualTo("on");
        }
      }
    }
  }

  @Test
  void postgresRefusesAnyOtherPassword() throws Exception {
    DevPostgres postgres = DevServices.postgres();
    assertThat(postgres.password()).matches("[0-9a-f]{32}");
    assertThatThrownBy(
            () -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "postgres"))
        .isInstanceOf(java.sql.SQLException.class)
        .hasMessageContaining("password authentication failed");
    Path file = postgres.dataDirectory().resolveSibling(DevPostgres.PASSWORD_FILE);
    assertThat(Files.readString(file).strip()).isEqualTo(postgres.password());
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void redisAnswersPingWithAppendOnlyFileOn() throws Exception {
    DevRedis redis = DevServices.redis();
    assertThat(command(redis, "PING")).isEqualTo("PONG");
    assertThat((String) command(redis, "INFO", "persistence")).contains("aof_enabled:1");
  }

  @Test
  void redisWantsItsPasswordAndHasNoConfigCommand() throws Exception {
    DevRedis redis = DevServices.redis();
    assertThat(redis.password()).matches("[0-9a-f]{32}");
    assertThatThrownBy(() -> unauthenticated(redis, "PING"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("NOAUTH");
    assertThatThrownBy(() -> command(redis, "CONFIG", "GET", "dir"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown command");
    assertThat(
            Files.readString(redis.dataDirectory().resolveSibling(DevRedis.PASSWORD_FILE)).strip())
        .isEqualTo(redis.password());
  }

  @Test
  void redisKeepsDataAcrossStopAndStart() throws Exception {
    DevRedis redis = DevServices.redis();
    String key = "devservices-test:" + UUID.randomUUID();
    assertThat(command(redis, "SET", key, "kept")).isEqualTo("OK");

    redis.stop();
    assertThat(redis.isRunning()).isFalse();
    assertThatThrownBy(() -> command(redis, "PING")).isInstanceOf(IOException.class);

    redis.start();
    assertThat(redis.isRunning()).isTrue();
    assertThat(command(redis, "GET", key)).isEqualTo("kept");
    command(redis, "DEL", key);
  }

  @Test
  void sharedServicesStartOncePerJvm() {
    int postgresPort = DevServices.postgres().port();
    int redisPort = DevServices.redis().port();

    Map<String, Object> properties = DevServices.shared(DevServicesSettings.of(DATA));

    assertThat(DevServices.postgres().port()).isEqualTo(postgresPort);
    assertThat(DevServices.redis().port()).isEqualTo(redisPort);
    assertThat(properties)
        .containsEntry(
            "spring.r2dbc.url", "r2dbc:postgresql://localhost:" + postgresPort + "/salesbot")
        .containsEntry("spring.data.redis.port", String.valueOf(redisPort))
        .containsEntry("salesbot.dev-services.active", "true");
  }

  @Test
  void postProcessorPointsSpringAtTheServers() {
    StandardEnvironment environment =
        environment(Map.of(DevServicesSettings.DATA_DIR, DATA.toString()));

    postProcess(environment);

    assertThat(environment.getProperty("spring.r2dbc.url"))
        .isEqualTo(DevServices.postgres().r2dbcUrl());
    assertThat(environment.getProperty("spring.r2dbc.username")).isEqualTo("postgres");
    assertThat(environment.getProperty("salesbot.dev-services.postgres.jdbc-url"))
        .isEqualTo(DevServices.postgres().jdbcUrl());
    assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("127.0.0.1");
    assertThat(environment.getProperty("spring.data.redis.port", Integer.class))
        .isEqualTo(DevServices.redis().port());
    assertThat(environment.getProperty("salesbot.dev-services.active")).isEqualTo("true");
    assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    assertThat(environment.getProperty(DevServicesEnvironmentPostProcessor.LOOPBACK_ONLY))
        .isEqualTo("true");
    assertThat(environment.getProperty("spring.r2dbc.password"))
        .isEqualTo(DevServices.postgres().password());
    assertThat(environment.getProperty("spring.data.redis.password"))
        .isEqualTo(DevServices.redis().password());
  }

  @Test
  void postProcessorLeavesExternalServersAlone() {
    StandardEnvironment environment =
        environment(
            Map.of(
                "spring.r2dbc.url", "r2dbc:postgresql://db.example:5432/salesbot",
                "spring.data.redis.host", "redis.example"));

    postProcess(environment);

    assertThat(environment.getPropertySources().contains("salesbotDevServices")).isFalse();
    assertThat(environment.getProperty("spring.r2dbc.url"))
        .isEqualTo("r2dbc:postgresql://db.example:5432/salesbot");
    assertThat(environment.getProperty("salesbot.dev-services.active")).isNull();
  }

  @Test
  void postProcessorLeavesAnExternalRedisClusterAlone() {
    StandardEnvironment environment =
        environment(
            Map.of(
                "spring.r2dbc.url", "r2dbc:postgresql://db.example:5432/salesbot",
                "spring.data.redis.cluster.nodes", "redis-1:6379,redis-2:6379"));

    postProcess(environment);

    assertThat(environment.getPropertySources().contains("salesbotDevServices")).isFalse();
    assertThat(environment.getProperty("spring.data.redis.host")).isNull();
  }

  @Test
  void postProcessorKeepsAChosenServerAddress() {
    StandardEnvironment environment =
        environment(
            Map.of(DevServicesSettings.DATA_DIR, DATA.toString(), "server.address", "0.0.0.0"));

    postProcess(environment);

    assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
    assertThat(environment.getProperty(DevServicesEnvironmentPostProcessor.LOOPBACK_ONLY)).isNull();
  }

  @Test
  void refusesToStartWithOnlyOneExternalServer() {
    assertThatThrownBy(
            () -> postProcess(environment(Map.of("spring.r2dbc.url", "r2dbc:postgresql://db/x"))))
        .isInstanceOf(DevServicesException.class)
        .hasMessageContaining("spring.data.redis.host")
        .hasMessageContaining(DevServicesSettings.ENABLED + "=true");
    assertThatThrownBy(
            () -> postProcess(environment(Map.of("spring.data.redis.host", "redis.example"))))
        .isInstanceOf(DevServicesException.class)
        .hasMessageContaining("spring.r2dbc.url is not set")
        .hasMessageContaining(DevServicesSettings.ENABLED + "=true");
  }

  @Test
  void startsTheOtherServerWhenDevServicesAreOnByName() {
    StandardEnvironment environment =
        environment(
            Map.of(
                DevServicesSettings.DATA_DIR,
                DATA.toString(),
                DevServicesSettings.ENABLED,
                "true",
                "spring.data.redis.host",
                "redis.example"));

    postProcess(environment);

    assertThat(environment.getProperty("spring.r2dbc.url"))
        .isEqualTo(DevServices.postgres().r2dbcUrl());
    assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("redis.example");
  }

  @Test
  void postProcessorDoesNothingWhenDisabled() {
    StandardEnvironment environment = environment(Map.of(DevServicesSettings.ENABLED, "false"));

    postProcess(environment);

    assertThat(environment.getProperty("spring.r2dbc.url")).isNull();
    assertThat(environment.getProperty("spring.data.redis.host")).isNull();
  }

  @Test
  void springBootPicksUpThePostProcessor() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(Empty.class)
            .web(WebApplicationType.NONE)
            .properties(DevServicesSettings.DATA_DIR + "=" + DATA)
            .run()) {
      assertThat(context.getEnvironment().getProperty("spring.r2dbc.url"))
          .isEqualTo(DevServices.postgres().r2dbcUrl());
      assertThat(context.getEnvironment().getProperty("spring.data.redis.port", Integer.class))
          .isEqualTo(DevServices.redis().port());
    }
  }

  @Test
  void postgresKeepsDataAcrossRestartOfItsDataDirectory() throws Exception {
    DevServicesSettings settings =
        new DevServicesSettings(true, false, DATA.resolve("restart"), 0, 0, "nobody");
    String value = UUID.randomUUID().toString();

    DevPostgres first = DevPostgres.start(settings, LogFactory.getLog(DevServicesTest.class));
    try {
      sql(first, "create table if not exists kept (value text)");
      sql(first, "insert into kept values ('" + value + "')");
    } finally {
      first.close();
    }
    String firstPassword = first.password();
    // The data of an earlier salesbot (trusted connections, no password file) gets a password.
    Files.delete(DATA.resolve("restart").resolve(DevPostgres.PASSWORD_FILE));

    DevPostgres second = DevPostgres.start(settings, LogFactory.getLog(DevServicesTest.class));
    try (Connection connection =
            DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password());
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("select count(*) from kept where value = '" + value + "'")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getInt(1)).isEqualTo(1);
      assertThat(second.password()).isNotEqualTo(firstPassword);
      assertThatThrownBy(
              () -> DriverManager.getConnection(second.jdbcUrl(), second.username(), firstPassword))
          .hasMessageContaining("password authentication failed");
    } finally {
      second.close();
    }
    DevPostgres third = DevPostgres.start(settings, LogFactory.getLog(DevServicesTest.class));
    try {
      assertThat(third.password()).isEqualTo(second.password());
      sql(third, "select 1");
    } finally {
      third.close();
    }
  }

  @Test
  void aSecondUserOfTheSameDataIsToldWhatToDo() {
    assertThatThrownBy(
            () ->
                DevPostgres.start(
                    DevServicesSettings.of(DevServices.postgres().dataDirectory().getParent()),
                    LogFactory.getLog(DevServicesTest.class)))
        .isInstanceOf(DevServicesException.class)
        .hasMessageContaining("already runs the embedded PostgreSQL")
        .hasMessageContaining(DevServicesSettings.DATA_DIR);
  }

  @Configuration(proxyBeanMethods = false)
  static class Empty {}

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return environment;
  }

  private static void postProcess(StandardEnvironment environment) {
    new DevServicesEnvironmentPostProcessor(supplier -> supplier.get())
        .postProcessEnvironment(environment, new SpringApplication());
  }

  private static void sql(DevPostgres postgres, String sql) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl(), postgres.username(), postgres.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Sends one command over RESP after AUTH and returns the reply. */
  private static @Nullable Object command(DevRedis redis, String... args) throws IOException {
    try (Socket socket = new Socket(redis.host(), redis.port())) {
      socket.setSoTimeout(5_000);
      BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
      assertThat(send(socket, in, "AUTH", redis.password())).isEqualTo("OK");
      return send(socket, in, args);
    }
  }

  /** Sends one command over RESP and returns the reply: a String, a List, a Long or null. */
  private static @Nullable Object unauthenticated(DevRedis redis, String... args)
      throws IOException {
    try (Socket socket = new Socket(redis.host(), redis.port())) {
      socket.setSoTimeout(5_000);
      return send(socket, new BufferedInputStream(socket.getInputStream()), args);
    }
  }

  private static @Nullable Object send(Socket socket, InputStream in, String... args)
      throws IOException {
    {
      StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return reply(in);
    }
  }

  private static @Nullable Object reply(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IOException("Redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] bytes = in.readNBytes(length + 2);
          return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          List<@Nullable Object> items = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            items.add(reply(in));
          }
          return items;
        }
      default:
        throw new IOException("unexpected RESP reply type " + type);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      line.append((char) c);
    }
    in.read();
    return line.toString();
  }
}
