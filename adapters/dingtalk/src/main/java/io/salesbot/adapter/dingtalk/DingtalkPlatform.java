package io.salesbot.adapter.dingtalk;

import io.salesbot.adapter.support.SendKeys;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.DeliverOutbound;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk as a {@link ChatPlatform}. Recipients are people ({@code dingtalk:<userId>}) and group
 * chats the robot is in ({@code dingtalk:group:<openConversationId>}, see {@link Address#group}).
 *
 * <ul>
 *   <li><b>Cards</b>: one interactive card instance per neutral card ({@code createAndDeliver},
 *       {@code outTrackId} from the card id), delivered into each person's 1:1 chat with the robot
 *       ({@code IM_ROBOT.<userId>}) and into each group ({@code IM_GROUP.<openConversationId>}).
 *       When DingTalk refuses to create it (typically: it exists already, because an earlier,
 *       partial delivery of the same command created it), the existing instance is delivered to the
 *       remaining spaces instead ({@code POST /v1.0/card/instances/deliver}).
 *   <li><b>Updates</b>: per-person private data on that instance ({@code PUT
 *       /v1.0/card/instances}), so the winner of a claim sees "claimed by you" and the others "已被 …
 *       领取" on the same card, in 1:1 chats and in a group alike; an update addressed to a group
 *       also replaces the card's public data, which everyone else in the group sees.
 *   <li><b>Texts</b>: a reply to a message ({@code reply-<eventId>}) goes to that message's {@link
 *       SessionWebhooks session webhook} while it is valid — into the chat the message came from;
 *       otherwise, and for every other text, to groups with {@code /v1.0/robot/groupMessages/send}
 *       and to people with the robot's 1:1 batch send, 20 per call.
 * </ul>
 *
 * <p>Every new card or text first takes one message from each recipient's {@link DingtalkBudgets
 * budget}. Recipients whose budget is spent are not sent to: after the others were, the send's
 * outcome is a {@link SendOutcome.Later} carrying those deliveries and when to try again, and the
 * outbox waits with the command. A message counts as delivered only for recipients DingTalk did not
 * list as failed, invalid or flow-controlled.
 */
final class DingtalkPlatform implements ChatPlatform {
  static final String ID = DingtalkEvents.PLATFORM;
  static final int MAX_TEXT_RECIPIENTS = 20;
  static final String WEBHOOK_REFERENCE = "session-webhook";
  static final java.time.Duration API_BUSY_RETRY = java.time.Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(DingtalkPlatform.class);

  private final DingtalkApi api;
  private final DingtalkSettings settings;
  private final DingtalkBudgets budgets;
  private final SessionWebhooks webhooks;
  private final CardSends sends;

  DingtalkPlatform(
      DingtalkApi api,
      DingtalkSettings settings,
      DingtalkBudgets budgets,
      SessionWebhooks webhooks,
      CardSends sends) {
    this.api = api;
    this.settings = settings;
    this.budgets = budgets;
    this.webhooks = webhooks;
    this.sends = sends;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Mono<Boolean> circuitOpen() {
    return Mono.fromSupplier(api::circuitOpen);
  }

  @Override
  public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          String outTrackId = CardKeys.outTrackId(card.cardId());
          return withinBudget(
              commandId,
              recipients,
              now -> deliverCard(commandId, card, outTrackId, now).map(SendOutcome.Delivered::new));
        });
  }

  /**
   * Sends to those of {@code recipients} who have budget now ({@code send} gets them); the others,
   * and a send that runs out of an API's QPS budget, wait (a {@link SendOutcome.Later}).
   */
  private Mono<SendOutcome> withinBudget(
      String commandId, List<Address> recipients, Function<List<Address>, Mono<SendOutcome>> send) {
    return budgets
        .admit(recipients)
        .flatMap(
            admitted ->
                (admitted.now().isEmpty()
                        ? Mono.<SendOutcome>just(new SendOutcome.Delivered(List.of()))
                        : send.apply(admitted.now())
                            .onErrorResume(
                                DingtalkPlatform::mustWait,
                                e -> Mono.just(waiting(commandId, List.of(), e))))
                    .map(sent -> later(commandId, admitted, sent)));
  }

  @Override
  public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          String outTrackId = CardKeys.outTrackId(card.cardId());
          return api.call(
                  "PUT", "/v1.0/card/instances", update(commandId, card, outTrackId, recipients))
              .<SendOutcome>map(
                  result ->
                      new SendOutcome.Delivered(
                          recipients.stream()
                              .map(r -> new Delivery(commandId, r, "updated:" + outTrackId))
                              .toList()))
              .onErrorResume(
                  DingtalkApi::overQuota, e -> Mono.just(waiting(commandId, List.of(), e)));
        });
  }

  @Override
  public Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          return withinBudget(commandId, recipients, now -> texts(commandId, text, now));
        });
  }

  /**
   * A markdown message salesbot wrote itself, sent as it is (not escaped): a chart image's {@code
   * ![caption](url)} ({@link DingtalkChartImages}). Budgeted like a text, through the robot API.
   */
  Mono<SendOutcome> sendMarkdown(
      String commandId, String title, String markdown, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          return withinBudget(
              commandId,
              recipients,
              now -> direct(commandId, now, body -> sampleMarkdown(body, title, markdown)));
        });
  }

  // --- texts
  // --------------------------------------------------------------------------------------

  private Mono<SendOutcome> texts(String commandId, String text, List<Address> to) {
    if (to.size() != 1) {
      return direct(commandId, to, body -> sampleText(body, text));
    }
    Address only = to.get(0);
    return webhooks
        .forCommand(commandId)
        .flatMap(
            hook ->
                api.webhook(hook.url(), webhookText(text, hook.mention(), messageUuid(commandId)))
                    .<SendOutcome>map(
                        r ->
                            new SendOutcome.Delivered(
                                List.of(new Delivery(commandId, only, WEBHOOK_REFERENCE))))
                    .onErrorResume(
                        e -> e instanceof ChatDeliveryException c && !c.retryable(),
                        e -> {
                          log.info(
                              "session webhook refused {} ({}); sending through the robot API",
                              commandId,
                              e.getMessage());
                          return direct(commandId, to, body -> sampleText(body, text));
                        }))
        .switchIfEmpty(Mono.defer(() -> direct(commandId, to, body -> sampleText(body, text))));
  }

  /**
   * Through the robot API: each group on its own, people 20 to a call. When an API's QPS budget
   * runs out midway, what was sent so far is kept in a {@link SendOutcome.Later}.
   */
  private Mono<SendOutcome> direct(
      String commandId, List<Address> to, Consumer<ObjectNode> message) {
    List<Delivery> done = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Address> groups = to.stream().filter(Address::isGroup).toList();
    List<Address> people = to.stream().filter(r -> !r.isGroup()).toList();
    Flux<List<Delivery>> toGroups =
        Flux.fromIterable(groups)
            .concatMap(
                g ->
                    api.call("POST", "/v1.0/robot/groupMessages/send", groupText(message, g))
                        .map(
                            result -> {
                              String key = DingtalkEvents.text(result, "processQueryKey");
                              return List.of(
                                  new Delivery(commandId, g, key.isEmpty() ? "dingtalk" : key));
                            }));
    Flux<List<Delivery>> toPeople =
        Flux.fromIterable(chunks(people, MAX_TEXT_RECIPIENTS))
            .concatMap(
                chunk ->
                    api.call("POST", "/v1.0/robot/oToMessages/batchSend", text(message, chunk))
                        .map(result -> textDeliveries(commandId, chunk, result)));
    return Flux.concat(toGroups, toPeople)
        .doOnNext(done::addAll)
        .then(Mono.<SendOutcome>fromSupplier(() -> new SendOutcome.Delivered(done)))
        .onErrorResume(DingtalkPlatform::mustWait, e -> Mono.just(waiting(commandId, done, e)));
  }

  /** An API's QPS budget stayed spent, or the month's API calls are used up. */
  private static boolean mustWait(Throwable e) {
    return DingtalkApi.outOfBudget(e) || DingtalkApi.overQuota(e);
  }

  /**
   * The rest waits: a moment when an API's QPS budget stayed spent through the retries; until the
   * quota is checked again (an hour at most) when the month's API calls are used up — never a
   * failure, so the command is not dead-lettered mid-month.
   */
  private SendOutcome waiting(String commandId, List<Delivery> done, Throwable e) {
    return DingtalkApi.overQuota(e)
        ? new SendOutcome.Later(
            done,
            SendOutcome.Wait.MONTHLY_QUOTA,
            commandId + ": " + e.getMessage(),
            api.quotaRetryAfter())
        : new SendOutcome.Later(
            done, SendOutcome.Wait.API_BUSY, commandId + ": " + e.getMessage(), API_BUSY_RETRY);
  }

  /**
   * {@code sent}, or, when the budget left anyone out, later with its deliveries. A send that
   * already waits for an API's budget stays as it is: that wait is the shorter one.
   */
  private static SendOutcome later(
      String commandId, DingtalkBudgets.Admission admitted, SendOutcome sent) {
    if (admitted.later().isEmpty() || sent instanceof SendOutcome.Later) {
      return sent;
    }
    return new SendOutcome.Later(
        sent.delivered(),
        SendOutcome.Wait.SEND_BUDGET,
        "DingTalk send budget spent for "
            + admitted.later()
            + " ("
            + commandId
            + "); again in "
            + admitted.retryAfter(),
        admitted.retryAfter());
  }

  // --- cards
  // --------------------------------------------------------------------------------------

  /**
   * {@code createAndDeliver} of the card to {@code to}. DingTalk creates an {@code outTrackId} once
   * and answers {@link #CARD_EXISTS} to a repeat; the existing card is then delivered to the spaces
   * that cannot have it yet ({@code deliver}), while the spaces an earlier try of ours may have
   * created it for — an earlier try of this call (the fence's retry after a timeout) or an earlier
   * run of this command ({@link CardSends}) — count as delivered: that call was carried out, its
   * answer lost.
   */
  private Mono<List<Delivery>> deliverCard(
      String commandId, Card card, String outTrackId, List<Address> to) {
    AtomicInteger tries = new AtomicInteger();
    return sends
        .begin(commandId, outTrackId, to)
        .flatMap(
            earlier ->
                api.call(
                        "POST",
                        "/v1.0/card/instances/createAndDeliver",
                        create(commandId, card, outTrackId, to),
                        tries::incrementAndGet)
                    .map(result -> cardDeliveries(commandId, to, result, outTrackId))
                    .onErrorResume(
                        DingtalkPlatform::cardExists,
                        e -> {
                          List<Address> had =
                              tries.get() > 1 ? to : to.stream().filter(earlier::contains).toList();
                          List<Address> rest = to.stream().filter(r -> !had.contains(r)).toList();
                          if (!had.isEmpty()) {
                            log.info(
                                "card {} exists and went to {} by an earlier try whose answer was"
                                    + " lost: not sent again",
                                outTrackId,
                                had);
                          }
                          List<Delivery> already =
                              had.stream()
                                  .map(r -> new Delivery(commandId, r, outTrackId))
                                  .toList();
                          return rest.isEmpty()
                              ? Mono.just(already)
                              : deliverExisting(commandId, outTrackId, rest, e)
                                  .map(d -> concat(already, d));
                        })
                    .onErrorResume(
                        e ->
                            e instanceof ChatDeliveryException c
                                && !c.retryable()
                                && !DingtalkApi.overQuota(e),
                        e -> deliverExisting(commandId, outTrackId, to, e))
                    .onErrorResume(
                        e -> notCarriedOut(e, tries.get()),
                        e -> sends.notSent(commandId, outTrackId, to).then(Mono.error(e))));
  }

  /** DingTalk's answer to a {@code createAndDeliver} of an {@code outTrackId} it has (doc 0783). */
  static final String CARD_EXISTS = "param.cardAlreadyExist";

  private static boolean cardExists(Throwable e) {
    return e instanceof ChatDeliveryException c && CARD_EXISTS.equals(c.code());
  }

  /**
   * The call certainly was not carried out: it was never sent, or its one try was answered (not an
   * I/O error or a timeout, after which DingTalk may have acted).
   */
  private static boolean notCarriedOut(Throwable e, int tries) {
    return tries == 0
        || (tries == 1
            && e instanceof ChatDeliveryException c
            && !DeliverOutbound.IO.equals(c.code())
            && !DeliverOutbound.TIMEOUT.equals(c.code()));
  }

  /** The existing card to {@code to} ({@code deliver}); fails with {@code cause} when refused. */
  private Mono<List<Delivery>> deliverExisting(
      String commandId, String outTrackId, List<Address> to, Throwable cause) {
    return api.call("POST", "/v1.0/card/instances/deliver", deliver(outTrackId, to))
        .doOnNext(
            r ->
                log.info(
                    "card {} existed ({}); delivered it to {} more",
                    outTrackId,
                    cause.getMessage(),
                    to.size()))
        .map(result -> cardDeliveries(commandId, to, result, outTrackId))
        .onErrorMap(ChatDeliveryException.class, again -> cause);
  }

  private static List<Delivery> concat(List<Delivery> a, List<Delivery> b) {
    List<Delivery> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // --- bodies
  // -------------------------------------------------------------------------------------

  ObjectNode create(String commandId, Card card, String outTrackId, List<Address> to) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("cardTemplateId", settings.templateFor(card.type()));
    body.put("outTrackId", outTrackId);
    DingtalkSettings.CardCallback callback = settings.cardCallback();
    if (settings.mode() == DingtalkSettings.Mode.STREAM || callback == null) {
      body.put("callbackType", "STREAM");
    } else {
      // Without a route key DingTalk delivers no click of an HTTP-mode card.
      body.put("callbackType", "HTTP");
      body.put("callbackRouteKey", callback.routeKey());
    }
    ObjectNode params = body.putObject("cardData").putObject("cardParamMap");
    DingtalkCards.params(card, CardKeys.render(commandId)).forEach(params::put);
    spaces(body, to, true);
    body.put("userIdType", 1);
    return body;
  }

  ObjectNode deliver(String outTrackId, List<Address> to) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("outTrackId", outTrackId);
    spaces(body, to, false);
    body.put("userIdType", 1);
    return body;
  }

  /** {@code openSpaceId} and the deliver (and, on creation, space) models for these spaces. */
  private void spaces(ObjectNode body, List<Address> to, boolean withSpaceModels) {
    List<String> spaces = new ArrayList<>();
    boolean people = false;
    boolean groups = false;
    for (Address r : to) {
      if (r.isGroup()) {
        groups = true;
        spaces.add("IM_GROUP." + r.conversationId());
      } else {
        people = true;
        spaces.add("IM_ROBOT." + r.userId());
      }
    }
    body.put("openSpaceId", "dtv1.card//" + String.join(";", spaces));
    if (people) {
      if (withSpaceModels) {
        body.putObject("imRobotOpenSpaceModel").put("supportForward", false);
      }
      ObjectNode deliver = body.putObject("imRobotOpenDeliverModel");
      deliver.put("spaceType", "IM_ROBOT");
      deliver.put("robotCode", settings.robotCode());
    }
    if (groups) {
      if (withSpaceModels) {
        body.putObject("imGroupOpenSpaceModel").put("supportForward", false);
      }
      body.putObject("imGroupOpenDeliverModel").put("robotCode", settings.robotCode());
    }
  }

  /**
   * Each person's private data is their whole view of the card, fitted into DingTalk's 1 KB per
   * person ({@link DingtalkCards#fitted}): private data overrides the public data key by key and
   * stays until replaced, so a view with keys left out would show stale values from an earlier
   * private update (a winner's phone number, say) through it.
   */
  ObjectNode update(String commandId, Card card, String outTrackId, List<Address> to) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("outTrackId", outTrackId);
    Map<String, String> rendered = DingtalkCards.params(card, CardKeys.render(commandId));
    Map<String, String> own = DingtalkCards.fitted(rendered);
    if (to.stream().anyMatch(Address::isGroup)) {
      ObjectNode params = body.putObject("cardData").putObject("cardParamMap");
      rendered.forEach(params::put);
    }
    ObjectNode privateData = body.putObject("privateData");
    for (Address p : to) {
      if (!p.isGroup()) {
        ObjectNode params = privateData.putObject(p.userId()).putObject("cardParamMap");
        own.forEach(params::put);
      }
    }
    ObjectNode options = body.putObject("cardUpdateOptions");
    options.put("updateCardDataByKey", true);
    options.put("updatePrivateDataByKey", true);
    body.put("userIdType", 1);
    return body;
  }

  ObjectNode text(Consumer<ObjectNode> message, List<Address> people) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("robotCode", settings.robotCode());
    body.putArray("userIds").addAll(people.stream().map(p -> body.stringNode(p.userId())).toList());
    message.accept(body);
    return body;
  }

  ObjectNode groupText(Consumer<ObjectNode> message, Address group) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("robotCode", settings.robotCode());
    body.put("openConversationId", group.conversationId());
    message.accept(body);
    return body;
  }

  /**
   * A reply through the session webhook: one line as {@code text}, several lines (lists such as
   * {@code /leads} or {@code /sla}) as {@code markdown}, which keeps their line breaks. In a group
   * it {@code @}-mentions {@code mention}, the person who asked (DingTalk wants the {@code @userId}
   * in the text as well as in {@code at.atUserIds}); null mentions nobody.
   */
  static ObjectNode webhookText(String text, @Nullable String mention, String msgUuid) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("msgUuid", msgUuid);
    String at = mention == null ? "" : "@" + mention + " ";
    if (multiLine(text)) {
      body.put("msgtype", "markdown");
      body.putObject("markdown").put("title", markdownTitle(text)).put("text", at + markdown(text));
    } else {
      body.put("msgtype", "text");
      body.putObject("text").put("content", at + DingtalkCards.text(text));
    }
    if (mention != null) {
      ObjectNode who = body.putObject("at");
      who.putArray("atUserIds").add(mention);
      who.put("isAtAll", false);
    }
    return body;
  }

  /**
   * The {@code msgUuid} of a reply through the session webhook: the same on every try of the
   * command, another for another command. DingTalk documents {@code msgUuid} as the message's
   * idempotency key for a robot's webhook ({@code oapi.dingtalk.com/robot/send}, doc 0717: "发消息时
   * 接口调用超时或未知错误等报错，开发者可使用同一个msgUuid重试，避免重复发出消息"); that the session webhook honours it too is
   * unverified — if it does not, a repeat is sent again, as before.
   */
  static String messageUuid(String commandId) {
    return SendKeys.of("webhook", commandId, 0, List.of());
  }

  /** The robot API's message: {@code sampleText}, or {@code sampleMarkdown} for several lines. */
  private static void sampleText(ObjectNode body, String text) {
    if (multiLine(text)) {
      sampleMarkdown(body, markdownTitle(text), markdown(text));
      return;
    }
    ObjectNode param = DingtalkEvents.JSON.createObjectNode();
    body.put("msgKey", "sampleText");
    param.put("content", DingtalkCards.text(text));
    body.put("msgParam", DingtalkEvents.JSON.writeValueAsString(param));
  }

  private static void sampleMarkdown(ObjectNode body, String title, String markdown) {
    ObjectNode param = DingtalkEvents.JSON.createObjectNode();
    body.put("msgKey", "sampleMarkdown");
    param.put("title", title);
    param.put("text", markdown);
    body.put("msgParam", DingtalkEvents.JSON.writeValueAsString(param));
  }

  private static boolean multiLine(String text) {
    return text.strip().contains("\n");
  }

  /** The notification title DingTalk shows for a markdown message: the first line, short. */
  static String markdownTitle(String text) {
    String first = text.strip().lines().findFirst().orElse("");
    return DingtalkCards.cut(first, 20);
  }

  /**
   * DingTalk's markdown breaks lines only between paragraphs: every line becomes one, escaped as
   * plain text ({@link DingtalkCards#escape}): replies list leads' names and fields.
   */
  static String markdown(String text) {
    return DingtalkCards.text(
        String.join("\n\n", text.strip().lines().map(DingtalkCards::escape).toList()));
  }

  // --- results
  // ------------------------------------------------------------------------------------

  private static List<Delivery> cardDeliveries(
      String commandId, List<Address> chunk, JsonNode result, String outTrackId) {
    Set<String> failed = new HashSet<>();
    // createAndDeliver answers result.deliverResults[]; deliver answers result[] itself.
    JsonNode results =
        result.path("result").isArray()
            ? result.path("result")
            : result.path("result").path("deliverResults");
    if (results.isArray()) {
      for (JsonNode r : results) {
        if (!r.path("success").asBoolean(true)) {
          failed.add(DingtalkEvents.text(r, "spaceId"));
          log.warn(
              "DingTalk did not deliver card {} to {}: {}",
              outTrackId,
              DingtalkEvents.text(r, "spaceId"),
              DingtalkEvents.text(r, "errorMsg"));
        }
      }
    }
    List<Delivery> out = new ArrayList<>();
    for (Address r : chunk) {
      if (!failed.contains(r.conversationId())) {
        out.add(new Delivery(commandId, r, outTrackId));
      }
    }
    return out;
  }

  private static List<Delivery> textDeliveries(
      String commandId, List<Address> chunk, JsonNode result) {
    Set<String> failed = new HashSet<>();
    for (String list : List.of("invalidStaffIdList", "flowControlledStaffIdList")) {
      JsonNode ids = result.path(list);
      if (ids.isArray()) {
        ids.forEach(n -> failed.add(n.asString()));
      }
    }
    String key = DingtalkEvents.text(result, "processQueryKey");
    List<Delivery> out = new ArrayList<>();
    for (Address r : chunk) {
      if (failed.contains(r.userId())) {
        log.warn("DingTalk did not take {} for {} (invalid or flow-controlled)", commandId, r);
      } else {
        out.add(new Delivery(commandId, r, key.isEmpty() ? "dingtalk" : key));
      }
    }
    return out;
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private static void check(List<Address> recipients) {
    for (Address r : recipients) {
      if (!ID.equals(r.platform())) {
        throw new IllegalArgumentException(
            "the DingTalk platform only delivers to dingtalk:<userId> and"
                + " dingtalk:group:<openConversationId> addresses, not to '"
                + r
                + "'");
      }
    }
  }

  private static List<List<Address>> chunks(List<Address> recipients, int size) {
    List<List<Address>> chunks = new ArrayList<>();
    for (int i = 0; i < recipients.size(); i += size) {
      chunks.add(recipients.subList(i, Math.min(recipients.size(), i + size)));
    }
    return chunks;
  }
}
