package io.salesbot.server.console;

import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration.User;
import io.salesbot.adapter.support.HttpProblem;
import io.salesbot.core.lead.IntakeUnavailableException;
import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.lead.domain.RawLead;
import io.salesbot.core.lead.domain.SubmissionCheck;
import io.salesbot.core.lead.domain.SubmissionValidator;
import io.salesbot.server.console.ConsoleSessions.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chat emulator: a page with one chat pane per sandbox user, live through server-sent events.
 * The page's script reads inboxes, presses buttons and types through the sandbox's own endpoints
 * ({@code /sandbox/**}), the same path as any sandbox client; this class serves the page, the
 * change events and the "submit a demo lead" action, which goes through the intake use case like
 * any lead.
 */
final class ConsoleEmulator {
  /** The intake source demo leads are recorded under. */
  static final String DEMO_SOURCE = "console";

  static final int MAX_PANES = 12;
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private static final List<String> NAMES = List.of("王先生", "李女士", "陈总", "刘经理", "赵女士");
  private static final List<String> COMPANIES = List.of("上海某某制造", "苏州某某科技", "杭州某某零售", "南京某某物流");

  private final ConsolePages pages;
  private final ConsoleViews views;
  private final ConsoleSessions sessions;
  private final LeadIntake intake;
  private final @Nullable SandboxAdapterConfiguration sandbox;

  ConsoleEmulator(
      ConsolePages pages,
      ConsoleViews views,
      ConsoleSessions sessions,
      LeadIntake intake,
      @Nullable SandboxAdapterConfiguration sandbox) {
    this.pages = pages;
    this.views = views;
    this.sessions = sessions;
    this.intake = intake;
    this.sandbox = sandbox;
  }

  Mono<ServerResponse> page(ServerRequest request) {
    Map<String, Object> model = pages.signedIn(request);
    SandboxAdapterConfiguration box = sandbox;
    model.put("sandbox", box != null);
    if (box == null) {
      return views.page(request, HttpStatus.OK, "emulator", model);
    }
    List<User> users = box.users();
    Set<String> known = users.stream().map(User::userId).collect(Collectors.toSet());
    // The panes to open: ?users=a,b (unknown ids ignored), else the signed-in person's own.
    Set<String> open = new LinkedHashSet<>();
    for (String id : request.queryParam("users").orElse("").split(",")) {
      if (known.contains(id.strip()) && open.size() < MAX_PANES) {
        open.add(id.strip());
      }
    }
    Session me = ConsoleGuard.session(request.exchange());
    if (open.isEmpty()
        && me.platform().equals(ConsolePages.SANDBOX)
        && known.contains(me.userId())) {
      open.add(me.userId());
    }
    String lang = ConsoleViews.language(request);
    List<Map<String, Object>> options = new ArrayList<>();
    for (User user : users) {
      options.add(
          Map.of(
              "userId",
              user.userId(),
              "label",
              user.name()
                  + " · "
                  + user.teamName()
                  + " · "
                  + views.message(lang, "role_" + user.role())));
    }
    model.put("users", options);
    model.put("open", String.join(",", open));
    model.put("maxPanes", MAX_PANES);
    return views.page(request, HttpStatus.OK, "emulator", model);
  }

  /**
   * {@code GET /console/api/events?users=a,b}: an {@code inbox} event with the user id whenever one
   * of these inboxes changes, a {@code ready} event first (the page then reads every inbox, so
   * nothing is missed while it was connecting) and a comment now and then to keep proxies from
   * closing the stream. Ends when the session does.
   */
  Mono<ServerResponse> events(ServerRequest request) {
    SandboxAdapterConfiguration box = sandbox;
    if (box == null) {
      return HttpProblem.of(HttpStatus.NOT_FOUND, "no-sandbox", "the sandbox platform is off");
    }
    Set<String> known = box.users().stream().map(User::userId).collect(Collectors.toSet());
    Set<String> wanted = new LinkedHashSet<>();
    for (String id : request.queryParam("users").orElse("").split(",")) {
      if (!id.isBlank()) {
        wanted.add(id.strip());
      }
    }
    if (wanted.isEmpty() || wanted.size() > MAX_PANES || !known.containsAll(wanted)) {
      return HttpProblem.of(
          HttpStatus.BAD_REQUEST,
          "invalid-users",
          "users must name 1 to " + MAX_PANES + " sandbox users, comma-separated");
    }
    Session session = ConsoleGuard.session(request.exchange());
    Flux<ServerSentEvent<String>> changes =
        box.inboxChanges()
            .filter(wanted::contains)
            .onBackpressureBuffer(256, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST)
            .map(id -> ServerSentEvent.builder(id).event("inbox").build());
    Flux<ServerSentEvent<String>> heartbeat =
        Flux.interval(HEARTBEAT)
            .map(n -> ServerSentEvent.<String>builder().comment("ping").build());
    Flux<ServerSentEvent<String>> stream =
        Flux.concat(
                Mono.just(ServerSentEvent.builder("").event("ready").build()),
                Flux.merge(changes, heartbeat))
            .take(sessions.remaining(session));
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .header("X-Accel-Buffering", "no")
        .body(stream, ServerSentEvent.class);
  }

  /**
   * {@code POST /console/api/demo-lead}: a made-up lead from the east of China, through the same
   * intake use case as {@code POST /api/v1/leads} (queued, routed, offered), recorded under the
   * source {@value #DEMO_SOURCE}. Answers 202 with its intake and lead ids.
   */
  Mono<ServerResponse> demoLead(ServerRequest request) {
    if (sandbox == null) {
      return HttpProblem.of(
          HttpStatus.NOT_FOUND, "no-sandbox", "demo leads exist only in try-out mode");
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String externalId = "demo-" + UUID.randomUUID();
    RawLead raw =
        new RawLead(
            NAMES.get(random.nextInt(NAMES.size())),
            "139" + String.format("%08d", random.nextInt(100_000_000)),
            COMPANIES.get(random.nextInt(COMPANIES.size())),
            "华东",
            "制造",
            "CRM",
            "想了解价格和试用（控制台演示线索）",
            externalId,
            null,
            Map.of("campaign", "console-demo"));
    String intakeId = LeadIds.intakeId(DEMO_SOURCE, null, externalId);
    SubmissionCheck check = SubmissionValidator.check(raw, intakeId, DEMO_SOURCE, true);
    if (check instanceof SubmissionCheck.Invalid invalid) {
      // Our own made-up lead: invalid means a bug here, not the visitor's mistake.
      throw new IllegalStateException("the demo lead is not valid: " + invalid.errors());
    }
    return intake
        .submit(((SubmissionCheck.Valid) check).submission())
        .flatMap(
            accepted ->
                ServerResponse.accepted()
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(
                        Map.of(
                            "intakeId",
                            accepted.intakeId(),
                            "leadId",
                            LeadIds.leadId(accepted.intakeId()))))
        .onErrorResume(
            IntakeUnavailableException.class,
            e ->
                HttpProblem.respond(
                    HttpProblem.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "unavailable",
                        "salesbot cannot store leads right now; retry later"),
                    Duration.ofSeconds(5)));
  }
}
