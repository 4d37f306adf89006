package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.platform.SendBudgets.Budget;
import io.salesbot.core.platform.SendBudgets.Rate;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * WeCom group robots (群机器人) as a {@link ChatPlatform}, id {@code wecom-robot}: a message to {@code
 * wecom-robot:<name>} is posted as markdown to {@code /cgi-bin/webhook/send?key=<key>} of the robot
 * of that name ({@link GroupRobotSettings}). A robot only talks: cards become markdown without
 * buttons ({@link RobotMarkdown}), and a card update is not sent at all (a robot's message cannot
 * be edited, and sending it again would flood the group).
 *
 * <p>Each robot may send 20 messages a minute; the budget {@code wecom-robot:<name>} ({@link
 * SendBudgets}, shared by all instances) keeps it, and a robot without budget waits ({@link
 * SendOutcome.Later}). A key WeCom refuses (errcode 93000, or any other error that trying again
 * cannot fix) is logged once per robot and error code and the message dropped: a broken robot never
 * holds up a lead. Throttling (45009) waits a minute; I/O errors and 5xx answers are retryable
 * failures.
 */
public final class WecomGroupRobots implements ChatPlatform {
  /** The platform part of robot addresses. */
  public static final String PLATFORM = "wecom-robot";

  static final List<Rate> PER_ROBOT = List.of(Rate.atMost(20, Duration.ofMinutes(1)));
  static final int INVALID_WEBHOOK = 93000;
  static final int API_FREQ_OUT_OF_LIMIT = 45009;

  private static final Logger log = LoggerFactory.getLogger(WecomGroupRobots.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final GroupRobotSettings settings;
  private final SendBudgets budgets;
  private final HttpClient http;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /**
   * @param budgets counted by all instances together (Redis), so that all of them together keep
   *     each robot's 20 messages a minute
   */
  public WecomGroupRobots(GroupRobotSettings settings, SendBudgets budgets) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.budgets = Objects.requireNonNull(budgets, "budgets");
    this.http = HttpClient.newBuilder().connectTimeout(settings.callTimeout()).build();
  }

  /** The address of the robot called {@code name}. */
  public static Address address(String name) {
    return new Address(PLATFORM, name);
  }

  @Override
  public String id() {
    return PLATFORM;
  }

  @Override
  public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> recipients) {
    return send(commandId, RobotMarkdown.card(card), recipients);
  }

  @Override
  public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients) {
    return Mono.just(new SendOutcome.Delivered(List.of()));
  }

  @Override
  public Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients) {
    return send(commandId, RobotMarkdown.text(text), recipients);
  }

  /** What became of one robot's message. */
  private sealed interface Result {
    record Sent(Delivery delivery) implements Result {}

    record Dropped() implements Result {}

    record Wait(SendOutcome.Wait why, Duration after, String detail) implements Result {}

    record Failed(ChatDeliveryException error) implements Result {}
  }

  private Mono<SendOutcome> send(String commandId, String markdown, List<Address> recipients) {
    return Flux.fromIterable(recipients)
        .concatMap(r -> sendOne(commandId, markdown, r))
        .collectList()
        .flatMap(results -> outcome(results));
  }

  private static Mono<SendOutcome> outcome(List<Result> results) {
    List<Delivery> delivered = new ArrayList<>();
    Result.Wait wait = null;
    ChatDeliveryException failure = null;
    for (Result r : results) {
      if (r instanceof Result.Sent s) {
        delivered.add(s.delivery());
      } else if (r instanceof Result.Wait w) {
        if (wait == null || w.after().compareTo(wait.after()) < 0) {
          wait = w;
        }
      } else if (r instanceof Result.Failed f) {
        failure = f.error();
      }
    }
    if (failure != null && delivered.isEmpty()) {
      return Mono.error(failure);
    }
    if (failure != null) {
      // What was sent stays recorded; the failed robot is tried again with the waiting ones.
      Duration after = wait == null ? Duration.ofSeconds(30) : wait.after();
      return Mono.just(
          new SendOutcome.Later(delivered, SendOutcome.Wait.API_BUSY, failure.getMessage(), after));
    }
    if (wait != null) {
      return Mono.just(new SendOutcome.Later(delivered, wait.why(), wait.detail(), wait.after()));
    }
    return Mono.just(new SendOutcome.Delivered(delivered));
  }

  private Mono<Result> sendOne(String commandId, String markdown, Address robot) {
    String key = settings.keys().get(robot.userId());
    if (key == null || robot.isGroup()) {
      report(robot.userId(), "unknown", "no robot of that name is configured");
      return Mono.just(new Result.Dropped());
    }
    Budget budget = new Budget(PLATFORM + ":" + robot.userId(), PER_ROBOT);
    return budgets
        .take(List.of(budget), 1)
        .flatMap(
            wait ->
                wait.isZero()
                    ? post(commandId, key, markdown, robot)
                    : Mono.just(
                        new Result.Wait(
                            SendOutcome.Wait.SEND_BUDGET,
                            wait,
                            "robot " + robot.userId() + ": 20 messages a minute")));
  }

  private Mono<Result> post(String commandId, String key, String markdown, Address robot) {
    ObjectNode body = JSON.createObjectNode();
    body.put("msgtype", "markdown");
    body.putObject("markdown").put("content", markdown);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(settings.apiBaseUrl() + "/cgi-bin/webhook/send?key=" + key))
            .timeout(settings.callTimeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return Mono.fromFuture(
            () ->
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)))
        .map(response -> answer(commandId, robot, response))
        .onErrorResume(
            e -> !(e instanceof ChatDeliveryException),
            e ->
                Mono.just(
                    new Result.Failed(
                        new ChatDeliveryException(
                            PLATFORM,
                            "io",
                            "robot " + robot.userId() + ": " + e.getClass().getSimpleName(),
                            true))));
  }

  private Result answer(String commandId, Address robot, HttpResponse<String> response) {
    String name = robot.userId();
    if (response.statusCode() >= 500) {
      return new Result.Failed(
          new ChatDeliveryException(
              PLATFORM, "http-" + response.statusCode(), "robot " + name + ": WeCom busy", true));
    }
    int errcode;
    String errmsg;
    try {
      JsonNode json = JSON.readTree(response.body());
      errcode = json.path("errcode").asInt(-2);
      errmsg = json.path("errmsg").asString("");
    } catch (RuntimeException e) {
      errcode = -2;
      errmsg = "HTTP " + response.statusCode() + ", not a WeCom answer";
    }
    if (errcode == 0) {
      reported.removeIf(r -> r.startsWith(name + "/"));
      return new Result.Sent(new Delivery(commandId, robot, PLATFORM + ":" + name));
    }
    if (errcode == API_FREQ_OUT_OF_LIMIT) {
      return new Result.Wait(
          SendOutcome.Wait.API_BUSY, Duration.ofMinutes(1), "robot " + name + ": " + errmsg);
    }
    report(
        name,
        Integer.toString(errcode),
        errcode == INVALID_WEBHOOK
            ? "WeCom does not know its key (93000 invalid webhook url): check"
                + " salesbot.wecom.group-robots."
                + name
                + ".key, or whether the robot was removed from its group"
            : "WeCom refused the message (" + errcode + " " + errmsg + ")");
    return new Result.Dropped();
  }

  /** Logs a robot's problem once, until the robot sends again. */
  private void report(String name, String code, String what) {
    if (reported.add(name + "/" + code)) {
      log.error(
          "Group robot '{}': {}; its messages are dropped, leads go on without it"
              + " (logged once until it sends again)",
          name,
          what);
    }
  }

  /** Reported problems, for tests: {@code <name>/<code>}. */
  Set<String> reported() {
    return Set.copyOf(reported);
  }
}
