package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.salesbot.server.e2e.ConsoleSessionsForTests.Browser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The console's operations page ({@code /console/ops}) and the emulator's file upload, over the
 * running app in try-out mode: only an admin (孙八, {@code salesbot.console.admins} in the test
 * profile) opens the page or acts on it; every POST needs the session's CSRF token; dead letters
 * are listed and replayed — one, and many within bounds — through the same port as the admin API; a
 * quarantined record is not released without a reason; a file sent from the emulator reaches the
 * bot through the sandbox's evidence path, with its limits.
 */
class ConsoleOpsTest extends EndToEndSupport {
  private static final String ADMIN_USER = "sunba";

  @Autowired RedisClient redisClient;

  private Browser signIn(String userId) {
    return ConsoleSessionsForTests.browser(http, userId);
  }

  private String get(Browser b, String path, HttpStatus status) {
    return http.get()
        .uri(path)
        .cookie("SALESBOT_CONSOLE", b.session())
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  private String post(Browser b, String path, Map<String, String> fields, HttpStatus status) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    fields.forEach(form::add);
    return http.post()
        .uri(path)
        .cookie("SALESBOT_CONSOLE", b.session())
        .body(BodyInserters.fromFormData(form))
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  /**
   * A dead letter of our own: an outbound command the sandbox's sender cannot decode is
   * dead-lettered at its first delivery. Its id, once the admin API lists it.
   */
  private String deadLetter(String marker) {
    try (StatefulRedisConnection<String, String> c = redisClient.connect()) {
      c.sync()
          .xadd(
              "salesbot:out:sandbox",
              Map.of("type", "deliver-card", "commandId", marker, "json", "{\"v\":99}"));
    }
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                deadLetters().stream()
                    .filter(d -> String.valueOf(d.get("fields")).contains(marker))
                    .map(d -> (String) d.get("id"))
                    .findFirst()
                    .orElse(null),
            id -> id != null);
  }

  private boolean listed(String id) {
    return deadLetters().stream().anyMatch(d -> id.equals(d.get("id")));
  }

  @Test
  void only_an_admin_opens_the_operations_page_a_rep_and_a_manager_get_403_anonymous_sign_in() {
    http.get()
        .uri("/console/ops")
        .exchange()
        .expectStatus()
        .isSeeOther()
        .expectHeader()
        .location("/console/login");

    for (String user : List.of("zhangsan", "zhaoliu")) {
      Browser b = signIn(user);
      String page = get(b, "/console/ops", HttpStatus.FORBIDDEN);
      assertThat(page).contains("此页面仅对管理员开放。").doesNotContain("id=\"queues\"");
      assertThat(get(b, "/console/", HttpStatus.OK)).doesNotContain("href=\"/console/ops\"");
      // Nor can they act: the role is checked on every action, not only on the page.
      post(
          b,
          "/console/ops/dead-letters/1-0/replay",
          Map.of("_csrf", b.csrf()),
          HttpStatus.FORBIDDEN);
      post(
          b,
          "/console/ops/quarantine/release",
          Map.of("_csrf", b.csrf(), "source", "finance", "externalId", "x", "reason", "r"),
          HttpStatus.FORBIDDEN);
    }

    Browser admin = signIn(ADMIN_USER);
    assertThat(get(admin, "/console/", HttpStatus.OK)).contains("href=\"/console/ops\"");
    String page = get(admin, "/console/ops", HttpStatus.OK);
    assertThat(page)
        .contains("<title>运维 · ")
        .contains("id=\"lane-hot\"")
        .contains("id=\"lane-normal\"")
        .contains("id=\"outbox-sandbox\"")
        .contains("id=\"circuit-sandbox\"")
        .contains("关闭：正常")
        .contains("没有需要访问令牌的平台")
        .contains("id=\"rules-version\"")
        .contains("id=\"rule-default\"")
        // the ops alerts' timer-lag figure, as whole seconds
        .containsPattern("id=\"timer-lag\" data-seconds=\"[0-9]+\">定时器延迟");
    assertThat(get(admin, "/console/ops?lang=en", HttpStatus.OK))
        .contains("Routing rules in force");
  }

  @Test
  void every_operations_post_needs_the_sessions_csrf_token() {
    Browser admin = signIn(ADMIN_USER);
    Browser other = signIn(ADMIN_USER);
    String id = deadLetter("console-csrf-" + UUID.randomUUID());
    for (String path :
        List.of(
            "/console/ops/dead-letters/" + id + "/replay",
            "/console/ops/dead-letters/replay",
            "/console/ops/quarantine/release")) {
      Map<String, String> fields =
          Map.of("stream", "salesbot:out:sandbox", "limit", "10", "source", "s", "reason", "r");
      post(admin, path, fields, HttpStatus.FORBIDDEN);
      Map<String, String> wrong = new java.util.HashMap<>(fields);
      wrong.put("_csrf", other.csrf());
      post(admin, path, wrong, HttpStatus.FORBIDDEN);
    }
    assertThat(listed(id)).as("nothing was replayed").isTrue();
    // The upload, too: multipart carries the token in X-CSRF-Token only.
    http.post()
        .uri("/console/api/users/zhangsan/files")
        .cookie("SALESBOT_CONSOLE", admin.session())
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(BodyInserters.fromMultipartData(file("a.pdf", MediaType.APPLICATION_PDF, 10)))
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void an_admin_sees_a_dead_letter_and_replays_it_and_a_wrong_or_gone_id_is_told() {
    String marker = "console-one-" + UUID.randomUUID();
    String id = deadLetter(marker);
    Browser admin = signIn(ADMIN_USER);

    String page = get(admin, "/console/ops", HttpStatus.OK);
    assertThat(page)
        .contains("id=\"dead-" + id + "\"")
        .contains(marker)
        .contains("unknown outbound command format version 99")
        .contains("action=\"/console/ops/dead-letters/" + id + "/replay\"");

    String replayed =
        post(
            admin,
            "/console/ops/dead-letters/" + id + "/replay",
            Map.of("_csrf", admin.csrf()),
            HttpStatus.OK);
    assertThat(replayed).contains("已重放死信 " + id).doesNotContain("id=\"dead-" + id + "\"");
    assertThat(listed(id)).isFalse();

    assertThat(
            post(
                admin,
                "/console/ops/dead-letters/" + id + "/replay",
                Map.of("_csrf", admin.csrf()),
                HttpStatus.NOT_FOUND))
        .contains("找不到死信 " + id);
    assertThat(
            post(
                admin,
                "/console/ops/dead-letters/nope/replay",
                Map.of("_csrf", admin.csrf()),
                HttpStatus.BAD_REQUEST))
        .contains("1700000000000-0");
  }

  @Test
  void bulk_replay_takes_one_to_a_thousand_of_one_stream_and_refuses_the_rest() {
    String first = deadLetter("console-bulk-a-" + UUID.randomUUID());
    String second = deadLetter("console-bulk-b-" + UUID.randomUUID());
    Browser admin = signIn(ADMIN_USER);
    String page = get(admin, "/console/ops", HttpStatus.OK);
    assertThat(page).contains("<option value=\"salesbot:out:sandbox\">");

    for (String limit : List.of("0", "1001", "-5", "many", "")) {
      assertThat(
              post(
                  admin,
                  "/console/ops/dead-letters/replay",
                  Map.of("_csrf", admin.csrf(), "stream", "salesbot:out:sandbox", "limit", limit),
                  HttpStatus.BAD_REQUEST))
          .as("limit '%s'", limit)
          .contains("条数须为 1 到 1000 之间的整数");
    }
    assertThat(
            post(
                admin,
                "/console/ops/dead-letters/replay",
                Map.of("_csrf", admin.csrf(), "stream", " ", "limit", "5"),
                HttpStatus.BAD_REQUEST))
        .contains("请选择要重放的来源队列");
    assertThat(listed(first) && listed(second)).as("nothing replayed by a refusal").isTrue();

    // Oldest first, at most the limit: the first goes back, the second stays.
    long before =
        deadLetters().stream().filter(d -> "salesbot:out:sandbox".equals(d.get("stream"))).count();
    assertThat(
            post(
                admin,
                "/console/ops/dead-letters/replay",
                Map.of("_csrf", admin.csrf(), "stream", "salesbot:out:sandbox", "limit", "1"),
                HttpStatus.OK))
        .contains("已把 1 条死信放回 salesbot:out:sandbox");
    assertThat(before).isGreaterThanOrEqualTo(2);
    assertThat(listed(second)).isTrue();
    // (The replayed entry, still undecodable, is dead-lettered again under a new id.)
  }

  @Test
  void releasing_a_record_needs_a_reason_and_an_unknown_record_is_told() {
    Browser admin = signIn(ADMIN_USER);
    String page = get(admin, "/console/ops", HttpStatus.OK);
    assertThat(page).contains("id=\"quarantine-h\"");
    assertThat(
            post(
                admin,
                "/console/ops/quarantine/release",
                Map.of(
                    "_csrf",
                    admin.csrf(),
                    "source",
                    "finance",
                    "externalId",
                    "no-such",
                    "reason",
                    "  "),
                HttpStatus.BAD_REQUEST))
        .contains("请填写解除隔离的原因，记录未做任何更改。");
    assertThat(
            post(
                admin,
                "/console/ops/quarantine/release",
                Map.of(
                    "_csrf",
                    admin.csrf(),
                    "source",
                    "finance",
                    "externalId",
                    "no-such",
                    "reason",
                    "核对过"),
                HttpStatus.NOT_FOUND))
        .contains("找不到记录 finance/no-such");
    assertThat(
            post(
                admin,
                "/console/ops/quarantine/release",
                Map.of("_csrf", admin.csrf(), "reason", "核对过"),
                HttpStatus.BAD_REQUEST))
        .contains("请指明要解除隔离的记录");
  }

  private static MultiValueMap<String, org.springframework.http.HttpEntity<?>> file(
      String name, MediaType type, int size) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part(
            "file",
            new ByteArrayResource(new byte[size]) {
              @Override
              public String getFilename() {
                return name;
              }
            })
        .contentType(type);
    return body.build();
  }

  @Test
  void a_file_sent_from_the_emulator_goes_the_sandbox_evidence_way_with_its_limits() {
    // 周九 has no deal in any test: his inbox holds only what this file brings.
    Browser rep = signIn("zhoujiu");
    Map<String, Object> queued =
        http.post()
            .uri("/console/api/users/zhoujiu/files")
            .cookie("SALESBOT_CONSOLE", rep.session())
            .header("X-CSRF-Token", rep.csrf())
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(file("纪要.pdf", MediaType.APPLICATION_PDF, 100)))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    // The bot answers in the pane as after any file: "which checkpoint?" for this file, or (no
    // open checkpoint takes a file) a reply saying so.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                inbox("zhoujiu").stream()
                    .anyMatch(
                        i ->
                            String.valueOf(i.get("cardId"))
                                    .startsWith("evidence-" + queued.get("eventId"))
                                || String.valueOf(i.get("text")).contains("作为佐证的未完成关卡")));

    http.post()
        .uri("/console/api/users/zhangsan/files")
        .cookie("SALESBOT_CONSOLE", rep.session())
        .header("X-CSRF-Token", rep.csrf())
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(
            BodyInserters.fromMultipartData(
                file("big.pdf", MediaType.APPLICATION_PDF, 65 * 1024 + 1)))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).startsWith("文件太大"));
    http.post()
        .uri("/console/api/users/zhangsan/files")
        .cookie("SALESBOT_CONSOLE", rep.session())
        .header("X-CSRF-Token", rep.csrf())
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(
            BodyInserters.fromMultipartData(
                file("run.exe", MediaType.parseMediaType("application/x-msdownload"), 10)))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).startsWith("这种文件类型不能作为佐证"));
    http.post()
        .uri("/console/api/users/nobody/files")
        .cookie("SALESBOT_CONSOLE", rep.session())
        .header("X-CSRF-Token", rep.csrf())
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(BodyInserters.fromMultipartData(file("a.pdf", MediaType.APPLICATION_PDF, 10)))
        .exchange()
        .expectStatus()
        .isNotFound();
  }
}
