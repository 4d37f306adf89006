package io.salesbot.adapter.wecom;

import io.salesbot.adapter.support.SendKeys;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.platform.CardReferences.CardReference;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * WeCom as a {@link ChatPlatform}: cards as template cards, texts as text messages, sent by the
 * first configured app to up to 1000 recipients per call. Every send's {@code response_code} is
 * stored per recipient; an update uses the stored code (the newest, possibly from the person's own
 * click) and falls back to a fresh card when there is none or WeCom refuses it. A code taken for an
 * update call that had no answer (a timeout) is tried again by the command's next run ({@link
 * #TAKEN}) before a fresh card is sent.
 *
 * <p>A message counts as delivered only when WeCom answered errcode 0; recipients WeCom lists as
 * invalid get no delivery.
 *
 * <p>Before every call the recipients' send budgets are taken ({@link WecomBudgets}): WeCom drops
 * messages over its limits without telling. Recipients without budget are left out of the call; if
 * anyone was left out, the send's outcome is {@link SendOutcome.Later} with the deliveries that did
 * happen, and the command waits in the outbox for the others.
 */
final class WecomPlatform implements ChatPlatform {
  static final String ID = WecomEvents.PLATFORM;
  static final int MAX_RECIPIENTS = 1000;
  static final String SEND = "/cgi-bin/message/send";
  static final String UPDATE = "/cgi-bin/message/update_template_card";

  /**
   * WeCom's answer to a {@code task_id} it has seen: 42014, documented as "task_id 不合法". Ours are
   * well-formed by construction ({@link CardKeys#taskId}), so here it can only mean "used before" —
   * by an earlier try of the same call (unverified: WeCom documents that a task_id must not repeat
   * within an app, not the code it answers a repeat with).
   */
  static final String TASK_ID_USED = "42014";

  /** What a send whose card WeCom already had counts as: no invalid user, no new code. */
  private static final JsonNode ALREADY_SENT =
      tools.jackson.databind.node.JsonNodeFactory.instance
          .objectNode()
          .put("errcode", 0)
          .put("msgid", "wecom:already-sent");

  private static final Logger log = LoggerFactory.getLogger(WecomPlatform.class);

  private final WecomApi api;
  private final WecomMessages messages;
  private final CardReferences references;
  private final int agentId;
  private final Clock clock;
  private final WecomBudgets budgets;

  WecomPlatform(
      WecomApi api,
      WecomMessages messages,
      CardReferences references,
      int agentId,
      Clock clock,
      WecomBudgets budgets) {
    this.budgets = budgets;
    this.api = api;
    this.messages = messages;
    this.references = references;
    this.agentId = agentId;
    this.clock = clock;
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
          return cards(commandId, card, recipients).map(Outcome::toSendOutcome);
        });
  }

  /** Fresh cards to whoever has budget now; the others are in the outcome's {@code later}. */
  private Mono<Outcome> cards(String commandId, Card card, List<Address> recipients) {
    return sends(recipients, admitted -> sendCardChunk(commandId, card, admitted));
  }

  /**
   * {@code message/send} in chunks of WeCom's recipient limit, each to those of the chunk who have
   * budget now ({@code send} gets them and answers their deliveries); the others are in the
   * outcome's {@code later}.
   */
  private Mono<Outcome> sends(
      List<Address> recipients, Function<List<Address>, Mono<List<Delivery>>> send) {
    return Flux.fromIterable(chunks(recipients))
        .concatMap(
            chunk ->
                budgets
                    .admit(SEND, chunk)
                    .flatMap(
                        a ->
                            a.now().isEmpty()
                                ? Mono.just(Outcome.waiting(a))
                                : send.apply(a.now()).map(d -> Outcome.of(d, a))))
        .reduce(Outcome.NONE, Outcome::plus);
  }

  @Override
  public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          return heldFor(commandId, card, recipients)
              .flatMap(held -> update(commandId, card, held))
              .map(Outcome::toSendOutcome);
        });
  }

  @Override
  public Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients) {
    // One mark per command, the same on every try and for every recipient chunk.
    String key = SendKeys.of("text", commandId, 0, List.of());
    return message(commandId, recipients, to -> messages.sendText(text, to, agentId, key));
  }

  /**
   * An image message of media uploaded before ({@link WecomChartImages}), sent and budgeted like a
   * text.
   */
  Mono<SendOutcome> sendImageMessage(String commandId, String mediaId, List<Address> recipients) {
    return message(commandId, recipients, to -> messages.sendImage(mediaId, to, agentId));
  }

  private Mono<SendOutcome> message(
      String commandId,
      List<Address> recipients,
      Function<List<String>, tools.jackson.databind.node.ObjectNode> body) {
    return Mono.defer(
        () -> {
          check(recipients);
          return sends(
                  recipients,
                  admitted ->
                      api.post(SEND, body.apply(userIds(admitted)))
                          .map(result -> deliveries(commandId, admitted, result)))
              .map(Outcome::toSendOutcome);
        });
  }

  // --- cards -------------------------------------------------------------------------------------

  /**
   * A person and the code to update their card with, if any; {@code ours} when this command took
   * the code already, in an earlier run whose update call had no answer ({@link #TAKEN}).
   */
  private record Held(
      Address person, @org.jspecify.annotations.Nullable CardReference reference, boolean ours) {
    Held(Address person, @org.jspecify.annotations.Nullable CardReference reference) {
      this(person, reference, false);
    }
  }

  /** The holders of each usable code (one update call each), and who has none (a fresh card). */
  private record ByCode(Map<String, List<Held>> holders, List<Address> fresh) {
    /** Groups by code; a missing code, or {@code unusable}, means a fresh card. */
    static ByCode of(List<Held> held, @org.jspecify.annotations.Nullable String unusable) {
      Map<String, List<Held>> holders = new LinkedHashMap<>();
      List<Address> fresh = new ArrayList<>();
      for (Held h : held) {
        if (h.reference() == null || h.reference().reference().equals(unusable)) {
          fresh.add(h.person());
        } else {
          holders.computeIfAbsent(h.reference().reference(), c -> new ArrayList<>()).add(h);
        }
      }
      return new ByCode(holders, fresh);
    }
  }

  /**
   * Each person's stored code for the card now; else the code an earlier run of this command took
   * for them and whose update call had no answer (a timeout): it is tried again rather than sending
   * a fresh card at once; else none.
   */
  private Mono<List<Held>> heldFor(String commandId, Card card, List<Address> people) {
    String taken = takenBy(card, commandId);
    return held(card, people)
        .flatMapMany(Flux::fromIterable)
        .concatMap(
            h ->
                h.reference() != null
                    ? Mono.just(h)
                    : references
                        .find(ID, taken, h.person(), clock.instant())
                        .filter(m -> m.reference().startsWith(TAKEN))
                        .map(
                            m ->
                                new Held(
                                    h.person(),
                                    new CardReference(
                                        ID,
                                        card.cardId(),
                                        h.person(),
                                        m.reference().substring(TAKEN.length()),
                                        m.expiresAt()),
                                    true))
                        .defaultIfEmpty(h))
        .collectList();
  }

  /** Each person's stored code for the card now, or none. */
  private Mono<List<Held>> held(Card card, List<Address> people) {
    return Flux.fromIterable(people)
        .concatMap(
            r ->
                references
                    .find(ID, card.cardId(), r, clock.instant())
                    .map(ref -> new Held(r, ref))
                    .defaultIfEmpty(new Held(r, null)))
        .collectList();
  }

  /**
   * One {@code message/send} of a card. Its {@code task_id} is the call's {@link SendKeys key}, so
   * a repeat of a call WeCom carried out although its answer never came (a timeout) carries the
   * same {@code task_id}, which WeCom does not take twice: that answer ({@link #TASK_ID_USED})
   * means the card went out, and counts as delivered.
   */
  private Mono<List<Delivery>> sendCardChunk(String commandId, Card card, List<Address> chunk) {
    String key = SendKeys.of("send", commandId, card.version(), userIds(chunk));
    return api.post(SEND, messages.sendCard(card, userIds(chunk), agentId, key))
        .onErrorResume(
            WecomPlatform::taskIdUsed,
            e -> {
              log.info(
                  "WeCom already has card {} for {} ({}): sent before, its answer lost",
                  card.cardId(),
                  chunk,
                  e.getMessage());
              return Mono.just(ALREADY_SENT);
            })
        .flatMap(
            result -> {
              List<Delivery> delivered = deliveries(commandId, chunk, result);
              String code = text(result, "response_code");
              if (code.isEmpty()) {
                return Mono.just(delivered);
              }
              return Flux.fromIterable(delivered)
                  .concatMap(
                      d ->
                          references.save(
                              new CardReference(
                                  ID,
                                  card.cardId(),
                                  d.recipient(),
                                  code,
                                  clock.instant().plus(WecomEvents.CODE_VALIDITY))))
                  .then(Mono.just(delivered))
                  .onErrorResume(
                      e -> {
                        log.warn(
                            "sent card {} but could not store its response code: {}",
                            card.cardId(),
                            e.toString());
                        return Mono.just(delivered);
                      });
            });
  }

  /**
   * One update call per distinct response code; everyone without a usable code gets a fresh card.
   */
  private Mono<Outcome> update(String commandId, Card card, List<Held> held) {
    ByCode grouped = ByCode.of(held, null);
    List<Address> fresh = grouped.fresh();
    return Flux.fromIterable(grouped.holders().entrySet())
        .concatMap(e -> updateWithCode(commandId, card, e.getKey(), e.getValue()))
        .collectList()
        .flatMap(
            results -> {
              Outcome done = Outcome.NONE;
              List<Address> refused = new ArrayList<>(fresh);
              for (UpdateResult r : results) {
                done = done.plus(r.outcome());
                refused.addAll(r.refused());
              }
              if (refused.isEmpty()) {
                return Mono.just(done);
              }
              return cards(commandId, card, refused).map(done::plus);
            });
  }

  /** What one update call did; {@code refused} get a fresh card instead. */
  private record UpdateResult(Outcome outcome, List<Address> refused) {}

  /** Takes the budgets of the code's holders, then updates the card of those admitted. */
  private Mono<UpdateResult> updateWithCode(
      String commandId, Card card, String code, List<Held> holders) {
    List<Address> everyone = holders.stream().map(Held::person).toList();
    return budgets
        .admit(UPDATE, everyone)
        .flatMap(
            a -> {
              if (a.now().isEmpty()) {
                return Mono.just(new UpdateResult(Outcome.waiting(a), List.of()));
              }
              List<Held> admitted =
                  holders.stream().filter(h -> a.now().contains(h.person())).toList();
              return updateAdmitted(commandId, card, code, admitted, true)
                  .map(r -> new UpdateResult(r.outcome().plus(Outcome.waiting(a)), r.refused()));
            });
  }

  /**
   * @param lookAgain whether to look the holders' codes up again when this one cannot be taken
   */
  private Mono<UpdateResult> updateAdmitted(
      String commandId, Card card, String code, List<Held> holders, boolean lookAgain) {
    List<Address> people = holders.stream().map(Held::person).toList();
    if (holders.stream().allMatch(Held::ours)) {
      // Taken by an earlier run of this command whose call had no answer: try it again.
      return updateWith(commandId, card, code, people);
    }
    // A code serves one update call: take it first, so that two updates of the same card (the
    // winner's and everyone else's, after a send that gave all of them one code) never both use
    // it. Whoever comes second, or cannot tell, sends a fresh card.
    return references
        .consume(ID, code)
        .onErrorResume(
            e -> {
              log.warn(
                  "could not take WeCom response code of card {}: {}", card.cardId(), e.toString());
              return Mono.just(false);
            })
        .flatMap(
            mine -> {
              if (mine) {
                return remember(commandId, card, code, holders)
                    .then(updateWith(commandId, card, code, people));
              }
              return lookAgain
                  ? updateWithNewer(commandId, card, code, people)
                  : Mono.just(new UpdateResult(Outcome.NONE, people));
            });
  }

  /**
   * The code could not be taken: used by another update, or replaced meanwhile by a newer one — a
   * click of the same person stored while this update waited (clicks travel through the queue).
   * Those who now hold a newer code are updated with it (once, their budget already taken); the
   * others get a fresh card.
   */
  private Mono<UpdateResult> updateWithNewer(
      String commandId, Card card, String taken, List<Address> people) {
    return held(card, people)
        .flatMap(
            now -> {
              ByCode grouped = ByCode.of(now, taken);
              List<Address> fresh = grouped.fresh();
              return Flux.fromIterable(grouped.holders().entrySet())
                  .concatMap(e -> updateAdmitted(commandId, card, e.getKey(), e.getValue(), false))
                  .reduce(
                      new UpdateResult(Outcome.NONE, fresh),
                      (a, b) ->
                          new UpdateResult(
                              a.outcome().plus(b.outcome()), concat(a.refused(), b.refused())));
            });
  }

  private static List<Address> concat(List<Address> a, List<Address> b) {
    List<Address> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private Mono<UpdateResult> updateWith(
      String commandId, Card card, String code, List<Address> people) {
    return api.post(
            UPDATE,
            messages.updateCard(
                card,
                userIds(people),
                agentId,
                code,
                SendKeys.of("update", commandId, card.version(), userIds(people))))
        .flatMap(
            result -> {
              Set<String> invalid = invalidUsers(result);
              List<Delivery> delivered = new ArrayList<>();
              for (Address p : people) {
                if (!invalid.contains(lower(p.userId()))) {
                  delivered.add(new Delivery(commandId, p, "updated:" + card.cardId()));
                }
              }
              return Mono.just(new UpdateResult(Outcome.sent(List.copyOf(delivered)), List.of()));
            })
        .onErrorResume(
            e -> e instanceof ChatDeliveryException && !((ChatDeliveryException) e).retryable(),
            e -> {
              // A used, expired or otherwise refused code: a fresh card instead. After a timed-out
              // try WeCom may have carried out, this may show the card twice (the errcode of a
              // spent code is unverified, so it cannot be told from the others): better than an
              // update lost.
              log.info(
                  "WeCom refused to update card {} ({}); sending it afresh",
                  card.cardId(),
                  e.getMessage());
              return Mono.just(new UpdateResult(Outcome.NONE, people));
            })
        // Answered either way: the code is spent or refused, nothing to try again.
        .flatMap(r -> forget(commandId, card, code, people).thenReturn(r));
  }

  /**
   * Where a code this command took is kept until its update call is answered, per person: under the
   * card id {@code <cardId>#taken-by:<commandId>} with the code prefixed by {@value #TAKEN} (so
   * that {@link CardReferences#consume} of the code never finds it). A run that gave up on the call
   * (a timeout, a handler cancelled, a crash) leaves it; the next run of the same command then
   * tries the same code again instead of sending a fresh card: if the timed-out call never reached
   * WeCom, the card is updated in place.
   */
  static final String TAKEN = "taken:";

  private static String takenBy(Card card, String commandId) {
    return card.cardId() + "#taken-by:" + commandId;
  }

  private Mono<Void> remember(String commandId, Card card, String code, List<Held> holders) {
    return Flux.fromIterable(holders)
        .filter(h -> h.reference() != null)
        .concatMap(
            h ->
                references.save(
                    new CardReference(
                        ID,
                        takenBy(card, commandId),
                        h.person(),
                        TAKEN + code,
                        h.reference().expiresAt())))
        .then()
        .onErrorResume(
            e -> {
              log.warn(
                  "could not note the code taken for card {}: {}", card.cardId(), e.toString());
              return Mono.empty();
            });
  }

  private Mono<Void> forget(String commandId, Card card, String code, List<Address> people) {
    return Flux.fromIterable(people)
        .concatMap(
            p ->
                references.remove(
                    new CardReference(
                        ID, takenBy(card, commandId), p, TAKEN + code, clock.instant())))
        .then()
        .onErrorResume(e -> Mono.empty());
  }

  // --- outcomes ----------------------------------------------------------------------------------

  /**
   * What a send did: who got it, who must wait for budget and how long. Turned into a {@link
   * SendOutcome}: delivered, or, when anyone waits, later with those deliveries.
   */
  private record Outcome(List<Delivery> delivered, List<Address> later, Duration retryAfter) {
    static final Outcome NONE = new Outcome(List.of(), List.of(), Duration.ZERO);

    static Outcome sent(List<Delivery> delivered) {
      return new Outcome(delivered, List.of(), Duration.ZERO);
    }

    static Outcome waiting(WecomBudgets.Admission a) {
      return new Outcome(List.of(), a.later(), a.retryAfter());
    }

    static Outcome of(List<Delivery> delivered, WecomBudgets.Admission a) {
      return new Outcome(delivered, a.later(), a.retryAfter());
    }

    Outcome plus(Outcome o) {
      List<Delivery> d = new ArrayList<>(delivered);
      d.addAll(o.delivered);
      List<Address> l = new ArrayList<>(later);
      l.addAll(o.later);
      Duration w;
      if (later.isEmpty()) {
        w = o.retryAfter;
      } else if (o.later.isEmpty()) {
        w = retryAfter;
      } else {
        w = retryAfter.compareTo(o.retryAfter) <= 0 ? retryAfter : o.retryAfter;
      }
      return new Outcome(List.copyOf(d), List.copyOf(l), w);
    }

    SendOutcome toSendOutcome() {
      if (later.isEmpty()) {
        return new SendOutcome.Delivered(delivered);
      }
      return new SendOutcome.Later(
          delivered,
          SendOutcome.Wait.SEND_BUDGET,
          "WeCom send budget spent for " + later.size() + " recipient(s)",
          retryAfter);
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static void check(List<Address> recipients) {
    for (Address r : recipients) {
      if (!ID.equals(r.platform())) {
        throw new IllegalArgumentException(
            "the WeCom platform only delivers to wecom:<UserId> addresses, not to '" + r + "'");
      }
    }
  }

  private static List<List<Address>> chunks(List<Address> recipients) {
    List<List<Address>> chunks = new ArrayList<>();
    for (int i = 0; i < recipients.size(); i += MAX_RECIPIENTS) {
      chunks.add(recipients.subList(i, Math.min(recipients.size(), i + MAX_RECIPIENTS)));
    }
    return chunks;
  }

  private static List<String> userIds(List<Address> people) {
    return people.stream().map(Address::userId).toList();
  }

  private static List<Delivery> deliveries(String commandId, List<Address> chunk, JsonNode result) {
    Set<String> invalid = invalidUsers(result);
    String msgId = text(result, "msgid");
    List<Delivery> out = new ArrayList<>();
    for (Address r : chunk) {
      if (invalid.contains(lower(r.userId()))) {
        log.warn("WeCom says {} is not a valid recipient of {}", r, commandId);
      } else {
        out.add(new Delivery(commandId, r, msgId.isEmpty() ? "wecom" : msgId));
      }
    }
    return out;
  }

  /**
   * The recipients WeCom refused, lower-cased: WeCom answers {@code invaliduser} in lower case
   * whatever the case of the UserId sent ({@code ZhangSan} comes back as {@code zhangsan}), so they
   * are compared ignoring case.
   */
  private static Set<String> invalidUsers(JsonNode result) {
    String invalid = text(result, "invaliduser");
    Set<String> users = new HashSet<>();
    if (!invalid.isBlank()) {
      for (String u : invalid.split("\\|")) {
        users.add(lower(u.strip()));
      }
    }
    JsonNode list = result.get("invaliduser");
    if (list != null && list.isArray()) {
      list.forEach(n -> users.add(lower(n.asString())));
    }
    return users;
  }

  private static boolean taskIdUsed(Throwable e) {
    return e instanceof ChatDeliveryException c && TASK_ID_USED.equals(c.code());
  }

  private static String lower(String userId) {
    return userId.toLowerCase(Locale.ROOT);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || !value.isValueNode() ? "" : value.asString();
  }
}
