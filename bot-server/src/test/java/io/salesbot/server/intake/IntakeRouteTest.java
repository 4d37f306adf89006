package io.salesbot.server.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.salesbot.adapter.support.HttpProblem;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.IntakeSignature;
import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.lead.SubmitLead;
import io.salesbot.core.lead.domain.FieldError;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryIntakeFallback;
import io.salesbot.server.config.SalesbotProperties;
import io.salesbot.server.web.IntakeRequestTimer;
import io.salesbot.server.web.Problems;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link IntakeRoute} over a real port answers every request as the intake answers it through
 * WebFlux: the same status, content type, {@code Retry-After} and body, case by case, with both
 * servers in front of their own in-memory queue; and it counts and times what the WebFlux layers
 * counted and timed for it.
 */
class IntakeRouteTest {
  private static final String SECRET = "web-secret-123";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicInteger arrivals = new AtomicInteger();
  private final List<DisposableServer> servers = new ArrayList<>();
  private final Intake routed = new Intake();
  private final Intake webflux = new Intake();
  private final int routePort;
  private final int webfluxPort;

  /** An intake over its own in-memory queue and fallback. */
  private final class Intake {
    final InMemoryInboundQueue queue = new InMemoryInboundQueue();
    final InMemoryIntakeFallback fallback = new InMemoryIntakeFallback();
    final IntakeHandler handler = handler(new SubmitLead(queue, fallback, Clock.systemUTC()));
  }

  IntakeRouteTest() {
    IntakeRoute route =
        new IntakeRoute(
            routed.handler, new IntakeRequestTimer(meters), arrivals::incrementAndGet, "");
    // The route ahead of WebFlux, as Spring Boot assembles it; WebFlux behind it answers the rest.
    RouterFunction<ServerResponse> behind =
        RouterFunctions.route()
            .GET("/api/v1/leads", r -> ServerResponse.ok().bodyValue("webflux"))
            .POST("/api/v1/leads/", r -> ServerResponse.ok().bodyValue("webflux"))
            .build();
    ReactorHttpHandlerAdapter rest =
        new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(behind));
    routePort = start(HttpServer.create().route(r -> route.apply(r).route(any -> true, rest)));
    RouterFunction<ServerResponse> intake =
        RouterFunctions.route()
            .POST("/api/v1/leads", webflux.handler::submit)
            .GET(
                "/spring-problem",
                // How every other endpoint writes a problem: through Spring's codecs.
                r ->
                    HttpProblem.respond(
                        Problems.invalidProblem(
                            "the lead is not valid; see errors",
                            List.of(
                                new FieldError("name", "姓名和手机号至少填写一项 (give a name or a phone)"))),
                        null))
            .build();
    webfluxPort =
        start(
            HttpServer.create()
                .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(intake))));
  }

  private IntakeHandler handler(LeadIntake intake) {
    SalesbotProperties.Intake settings =
        new SalesbotProperties.Intake(
            Map.of("web", new SalesbotProperties.Source(SECRET, false, false, List.of())),
            Duration.ofSeconds(300),
            Duration.ofDays(7));
    return new IntakeHandler(intake, settings, JSON, Clock.systemUTC(), meters);
  }

  private int start(HttpServer server) {
    DisposableServer started = server.host("127.0.0.1").port(0).bindNow();
    servers.add(started);
    return started.port();
  }

  @AfterEach
  void stop() {
    servers.forEach(DisposableServer::disposeNow);
  }

  private static HttpRequest.Builder post(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
  }

  /** A signed lead, as a builder to adjust per case. */
  private static HttpRequest.Builder signed(int port, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return post(port, "/api/v1/leads")
        .header("Content-Type", "application/json")
        .header("X-Salesbot-Source", "web")
        .header("X-Salesbot-Signature", IntakeSignature.sign(SECRET, now(), bytes))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
  }

  private static LeadSubmission submission(InboundEvent event) {
    return ((InboundEvent.LeadSubmitted) event).submission();
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private static HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** What a client sees of an answer, to compare the two servers'. */
  private record Seen(int status, String type, String length, String retryAfter, String body) {
    static Seen of(HttpResponse<byte[]> answer) {
      return new Seen(
          answer.statusCode(),
          answer.headers().firstValue("Content-Type").orElse("-"),
          answer.headers().firstValue("Content-Length").orElse("-"),
          answer.headers().firstValue("Retry-After").orElse("-"),
          new String(answer.body(), StandardCharsets.UTF_8));
    }
  }

  /** The same request sent to both servers: what each answered. */
  private Seen[] both(java.util.function.IntFunction<HttpRequest> request) {
    return new Seen[] {
      Seen.of(send(request.apply(routePort))), Seen.of(send(request.apply(webfluxPort)))
    };
  }

  private void sameAnswer(int status, java.util.function.IntFunction<HttpRequest> request) {
    Seen[] seen = both(request);
    assertThat(seen[0].status()).as(seen[0].body()).isEqualTo(status);
    assertThat(seen[0]).isEqualTo(seen[1]);
  }

  @Test
  void accepts_a_signed_lead_as_webflux_does() {
    String body = "{\"name\":\"张三\",\"phone\":\"13800138000\"}";
    // The same signed request: the same intake id (the signature names it) from both.
    HttpRequest request = signed(routePort, body).build();
    Seen route = Seen.of(send(request));
    Seen flux =
        Seen.of(
            send(
                HttpRequest.newBuilder(request, (name, value) -> true)
                    .uri(URI.create("http://127.0.0.1:" + webfluxPort + "/api/v1/leads"))
                    .build()));
    assertThat(route.status()).isEqualTo(202);
    assertThat(route).isEqualTo(flux);
    assertThat(route.type()).isEqualTo("application/json");
    assertThat(routed.queue.events()).hasSize(1);
    assertThat(submission(routed.queue.events().get(0)).phone()).isEqualTo("13800138000");
  }

  @Test
  void refuses_bad_input_as_webflux_does() {
    String lead = "{\"name\":\"张三\"}";
    sameAnswer(415, port -> signed(port, lead).setHeader("Content-Type", "text/plain").build());
    sameAnswer(415, port -> signed(port, lead).setHeader("Content-Type", "foo").build());
    sameAnswer(
        415,
        port ->
            post(port, "/api/v1/leads")
                .header("X-Salesbot-Source", "web")
                .POST(HttpRequest.BodyPublishers.ofString(lead))
                .build());
    sameAnswer(401, port -> signed(port, lead).setHeader("X-Salesbot-Source", "nobody").build());
    sameAnswer(
        401,
        port ->
            post(port, "/api/v1/leads")
                .header("Content-Type", "application/json")
                .header("X-Salesbot-Source", "web")
                .POST(HttpRequest.BodyPublishers.ofString(lead))
                .build());
    sameAnswer(
        401, port -> signed(port, lead).setHeader("X-Salesbot-Signature", "garbage").build());
    sameAnswer(
        401,
        port ->
            signed(port, lead)
                .setHeader(
                    "X-Salesbot-Signature",
                    IntakeSignature.sign(
                        SECRET, now() - 301, lead.getBytes(StandardCharsets.UTF_8)))
                .build());
    sameAnswer(400, port -> signed(port, "name=张三").build());
    sameAnswer(400, port -> signed(port, "[1,2]").build());
    sameAnswer(400, port -> signed(port, "{\"company\":\"某公司\"}").build());
    sameAnswer(400, port -> signed(port, "{\"name\":\"张三\",\"phone\":\"021-5555-1234\"}").build());
    sameAnswer(400, port -> signed(port, lead).header("Idempotency-Key", " ").build());
    sameAnswer(400, port -> signed(port, lead).header("Idempotency-Key", "k".repeat(129)).build());
    assertThat(routed.queue.events()).isEmpty();
    assertThat(webflux.queue.events()).isEmpty();
  }

  @Test
  void a_body_over_64_kib_is_413_declared_or_chunked() {
    String big = "{\"name\":\"张三\",\"message\":\"" + "x".repeat(70_000) + "\"}";
    sameAnswer(413, port -> signed(port, big).build());
    // No Content-Length: the body comes in chunks and is cut off once past the limit.
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
    Seen[] seen =
        both(
            port ->
                signed(port, big)
                    .POST(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(bytes)))
                    .build());
    assertThat(seen[0].status()).isEqualTo(413);
    assertThat(seen[0]).isEqualTo(seen[1]);
    // A chunked body within the limit is read whole, however many chunks it comes in.
    String lead =
        "{\"name\":\"王五\",\"message\":\"" + "y".repeat(2_000) + "\"" + " ".repeat(40_000) + "}";
    byte[] small = lead.getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> chunked =
        send(
            signed(routePort, lead)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small)))
                .build());
    assertThat(chunked.statusCode()).isEqualTo(202);
    assertThat(routed.queue.events())
        .singleElement()
        .satisfies(e -> assertThat(submission(e).message()).isEqualTo("y".repeat(2_000)));
  }

  @Test
  void nothing_to_store_the_lead_is_503_with_retry_after_as_webflux_answers() {
    for (Intake intake : List.of(routed, webflux)) {
      intake.queue.down(true);
      intake.fallback.down(true);
    }
    Seen[] seen = both(port -> signed(port, "{\"name\":\"张三\"}").build());
    assertThat(seen[0].status()).isEqualTo(503);
    assertThat(seen[0].retryAfter()).isEqualTo("5");
    assertThat(seen[0]).isEqualTo(seen[1]);
  }

  @Test
  void problems_are_written_as_spring_writes_them_for_every_other_endpoint() {
    HttpResponse<byte[]> spring = send(post(webfluxPort, "/spring-problem").GET().build());
    HttpResponse<byte[]> route = send(signed(routePort, "{\"company\":\"某公司\"}").build());
    assertThat(route.headers().firstValue("Content-Type"))
        .isEqualTo(spring.headers().firstValue("Content-Type"));
    JsonNode expected = JSON.readTree(spring.body());
    JsonNode actual = JSON.readTree(route.body());
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.get("type").asString())
        .isEqualTo("https://salesbot.io/problems/invalid-lead");
  }

  @Test
  void a_failure_nobody_foresaw_is_a_500_problem_without_a_stack_trace_through_either_layer() {
    IntakeRoute failing =
        new IntakeRoute(
            handler(
                submission -> {
                  throw new IllegalStateException("boom at io.salesbot.Somewhere");
                }),
            new IntakeRequestTimer(meters),
            arrivals::incrementAndGet,
            "");
    int port = start(HttpServer.create().route(failing::apply));
    HttpResponse<byte[]> answer = send(signed(port, "{\"name\":\"张三\"}").build());
    assertThat(answer.statusCode()).isEqualTo(500);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("retry later").doesNotContain("boom").doesNotContain("Exception");
    IntakeHandler failingFlux =
        handler(
            submission -> {
              throw new IllegalStateException("boom at io.salesbot.Somewhere");
            });
    int fluxPort =
        start(
            HttpServer.create()
                .handle(
                    new ReactorHttpHandlerAdapter(
                        RouterFunctions.toHttpHandler(
                            RouterFunctions.route()
                                .POST("/api/v1/leads", failingFlux::submit)
                                .build()))));
    assertThat(Seen.of(send(signed(fluxPort, "{\"name\":\"张三\"}").build())))
        .isEqualTo(Seen.of(answer));
    timedOnce("status", "500", "exception", "IllegalStateException");
  }

  /**
   * One request timed with these tags. The route times a request once its answer is written, which
   * may be just after the client has read it: waited for, not assumed.
   */
  private void timedOnce(String... tags) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        meters.find("http.server.requests").tags(tags).timers().stream()
                            .mapToLong(Timer::count)
                            .sum())
                    .isEqualTo(1));
  }

  @Test
  void takes_post_to_the_path_only_and_leaves_the_rest_to_webflux() {
    assertThat(send(post(routePort, "/api/v1/leads").GET().build()).body())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("webflux");
    assertThat(
            send(post(routePort, "/api/v1/leads/")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build())
                .body())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("webflux");
    // A query string does not change the path.
    HttpResponse<byte[]> withQuery =
        send(
            signed(routePort, "{\"name\":\"张三\"}")
                .uri(URI.create("http://127.0.0.1:" + routePort + "/api/v1/leads?from=test"))
                .build());
    assertThat(withQuery.statusCode()).isEqualTo(202);
  }

  @Test
  void counts_the_webhook_and_times_it_as_the_webflux_layers_did() {
    send(signed(routePort, "{\"name\":\"张三\"}").build());
    send(signed(routePort, "{\"name\":\"李四\"}").setHeader("Content-Type", "text/plain").build());
    assertThat(arrivals).hasValue(2);
    timedOnce(
        "uri",
        "/api/v1/leads",
        "method",
        "POST",
        "status",
        "202",
        "outcome",
        "SUCCESS",
        "exception",
        "none");
    timedOnce("uri", "/api/v1/leads", "status", "415", "outcome", "CLIENT_ERROR");
    assertThat(
            meters
                .counter(
                    "salesbot.intake.requests",
                    "outcome",
                    "rejected",
                    "reason",
                    "unsupported-media-type")
                .count())
        .isEqualTo(1);
  }

  @Test
  void the_base_path_is_part_of_the_route() {
    IntakeRoute based =
        new IntakeRoute(
            routed.handler, new IntakeRequestTimer(meters), arrivals::incrementAndGet, "/sb/");
    int port =
        start(
            HttpServer.create()
                .route(r -> based.apply(r).route(any -> true, (q, s) -> s.status(404).send())));
    assertThat(send(signed(port, "{\"name\":\"张三\"}").build()).statusCode()).isEqualTo(404);
    assertThat(
            send(signed(port, "{\"name\":\"张三\"}")
                    .uri(URI.create("http://127.0.0.1:" + port + "/sb/api/v1/leads"))
                    .build())
                .statusCode())
        .isEqualTo(202);
  }
}
