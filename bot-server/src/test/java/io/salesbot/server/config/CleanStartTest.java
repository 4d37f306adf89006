package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.server.SalesbotApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A newcomer's first start, as README's start command does it (try-out mode: embedded PostgreSQL
 * and Redis, the demo dataset), up to ready and through a lead routed, then a normal stop: the log
 * has no ERROR line and no stack trace (issue 11, item 22 — cancelled connects once logged five
 * {@code onErrorDropped} stack traces right after "Started").
 */
@ExtendWith(OutputCaptureExtension.class)
class CleanStartTest {
  @Test
  void a_normal_start_and_stop_log_no_error_and_no_stack_trace(CapturedOutput output)
      throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(SalesbotApplication.class)
            .properties(
                "server.port=0",
                // The test JVM's embedded servers (shared with the end-to-end tests).
                "salesbot.dev-services.data-dir=target/it-data")
            .run()) {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () ->
                  client
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create(
                                      "http://127.0.0.1:" + port + "/actuator/health/readiness"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode(),
              status -> status == 200);
      // The sandbox answers and the pipeline has run a round trip: a message to the bot is
      // answered in the sandbox inbox.
      HttpResponse<String> sent =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/sandbox/users/zhangsan/messages"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"/help\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(sent.statusCode()).as(sent.body()).isLessThan(300);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create(
                                      "http://127.0.0.1:" + port + "/sandbox/users/zhangsan/inbox"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body(),
              body -> body.contains("/leads"));
    }

    List<String> lines = output.getAll().lines().toList();
    assertThat(lines).anyMatch(l -> l.contains("Started ") && l.contains(" seconds"));
    assertThat(lines)
        .as("ERROR lines in a normal start and stop")
        .noneMatch(l -> l.contains(" ERROR "));
    assertThat(lines)
        .as("stack traces in a normal start and stop")
        .noneMatch(l -> l.startsWith("\tat ") || l.matches("^\\s+at [a-z].*\\(.*\\)$"))
        .noneMatch(l -> l.startsWith("Caused by: "));
  }
}
