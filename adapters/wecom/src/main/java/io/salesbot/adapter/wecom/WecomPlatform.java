package io.salesbot.adapter.wecom;

import io.salesbot.core.card.domain.Card;
import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.platform.CardReferences.CardReference;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.domain.Address;
import io.salesbot.core.platform.domain.Delivery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * WeCom as a {@link ChatPlatform}: cards as template cards, texts as text messages, sent by the
 * first configured app to up to 1000 recipients per call. Every send's {@code response_code} is
 * stored per recipient; an update uses the stored code (the newest, possibly from the person's own
 * click) and falls back to a fresh card when there is none or WeCom refuses it.
 *
 * <p>A message counts as delivered only when WeCom answered errcode 0; recipients WeCom lists as
 * invalid get no delivery.
 */
final class WecomPlatform implements ChatPlatform {
  static final String ID = WecomEvents.PLATFORM;
  static final int MAX_RECIPIENTS = 1000;

  private static final Logger log = LoggerFactory.getLogger(WecomPlatform.class);

  private final WecomApi api;
  private final WecomMessages messages;
  private final CardReferences references;
  private final int agentId;
  private final Clock clock;
  private final Supplier<String> taskSuffix;

  WecomPlatform(
      WecomApi api,
      WecomMessages messages,
      CardReferences references,
      int agentId,
      Clock clock,
      Supplier<String> taskSuffix) {
    this.api = api;
    this.messages = messages;
    this.references = references;
    this.agentId = agentId;
    this.clock = clock;
    this.taskSuffix = taskSuffix;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Mono<List<Delivery>> sendCard(String commandId, Card card, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          return Flux.fromIterable(chunks(recipients))
              .concatMap(chunk -> sendCardChunk(commandId, card, chunk))
              .collectList()
              .map(WecomPlatform::flatten);
        });
  }

  @Override
  public Mono<List<Delivery>> updateCard(String commandId, Card card, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          return Flux.fromIterable(recipients)
              .concatMap(
                  r ->
                      references
                          .find(ID, card.cardId(), r, clock.instant())
                          .map(ref -> new Held(r, ref))
                          .defaultIfEmpty(new Held(r, null)))
              .collectList()
              .flatMap(held -> update(commandId, card, held));
        });
  }

  @Override
  public Mono<List<Delivery>> sendText(String commandId, String text, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          return Flux.fromIterable(chunks(recipients))
              .concatMap(
                  chunk ->
                      api.post(
                              "/cgi-bin/message/send",
                              messages.sendText(text, userIds(chunk), agentId))
                          .map(result -> deliveries(commandId, chunk, result)))
              .collectList()
              .map(WecomPlatform::flatten);
        });
  }

  // --- cards -------------------------------------------------------------------------------------

  private record Held(Address person, @org.jspecify.annotations.Nullable CardReference reference) {}

  private Mono<List<Delivery>> sendCardChunk(String commandId, Card card, List<Address> chunk) {
    return api.post(
            "/cgi-bin/message/send",
            messages.sendCard(card, userIds(chunk), agentId, taskSuffix.get()))
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
                                  clock.instant().plus(WecomCallbacks.CODE_VALIDITY))))
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
  private Mono<List<Delivery>> update(String commandId, Card card, List<Held> held) {
    Map<String, List<Held>> byCode = new LinkedHashMap<>();
    List<Address> fresh = new ArrayList<>();
    for (Held h : held) {
      if (h.reference() == null) {
        fresh.add(h.person());
      } else {
        byCode.computeIfAbsent(h.reference().reference(), c -> new ArrayList<>()).add(h);
      }
    }
    return Flux.fromIterable(byCode.entrySet())
        .concatMap(e -> updateWithCode(commandId, card, e.getKey(), e.getValue()))
        .collectList()
        .flatMap(
            results -> {
              List<Delivery> done = new ArrayList<>();
              List<Address> refused = new ArrayList<>(fresh);
              for (UpdateResult r : results) {
                done.addAll(r.delivered());
                refused.addAll(r.refused());
              }
              if (refused.isEmpty()) {
                return Mono.just(List.copyOf(done));
              }
              return sendCard(commandId, card, refused)
                  .map(
                      sent -> {
                        done.addAll(sent);
                        return List.copyOf(done);
                      });
            });
  }

  private record UpdateResult(List<Delivery> delivered, List<Address> refused) {}

  private Mono<UpdateResult> updateWithCode(
      String commandId, Card card, String code, List<Held> holders) {
    List<Address> people = holders.stream().map(Held::person).toList();
    Mono<Void> forget =
        Flux.fromIterable(holders)
            .concatMap(h -> references.remove(Objects.requireNonNull(h.reference())))
            .then()
            .onErrorResume(e -> Mono.empty());
    return api.post(
            "/cgi-bin/message/update_template_card",
            messages.updateCard(card, userIds(people), agentId, code, taskSuffix.get()))
        .flatMap(
            result -> {
              Set<String> invalid = invalidUsers(result);
              List<Delivery> delivered = new ArrayList<>();
              for (Address p : people) {
                if (!invalid.contains(p.userId())) {
                  delivered.add(new Delivery(commandId, p, "updated:" + card.cardId()));
                }
              }
              return forget.thenReturn(new UpdateResult(delivered, List.of()));
            })
        .onErrorResume(
            e -> e instanceof ChatDeliveryException && !((ChatDeliveryException) e).retryable(),
            e -> {
              // A used, expired or otherwise refused code: a fresh card instead.
              log.info(
                  "WeCom refused to update card {} ({}); sending it afresh",
                  card.cardId(),
                  e.getMessage());
              return forget.thenReturn(new UpdateResult(List.of(), people));
            });
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
      if (invalid.contains(r.userId())) {
        log.warn("WeCom says {} is not a valid recipient of {}", r, commandId);
      } else {
        out.add(new Delivery(commandId, r, msgId.isEmpty() ? "wecom" : msgId));
      }
    }
    return out;
  }

  private static Set<String> invalidUsers(JsonNode result) {
    String invalid = text(result, "invaliduser");
    Set<String> users = new HashSet<>();
    if (!invalid.isBlank()) {
      for (String u : invalid.split("\\|")) {
        users.add(u.strip());
      }
    }
    JsonNode list = result.get("invaliduser");
    if (list != null && list.isArray()) {
      list.forEach(n -> users.add(n.asString()));
    }
    return users;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || !value.isValueNode() ? "" : value.asString();
  }

  private static List<Delivery> flatten(List<List<Delivery>> lists) {
    List<Delivery> all = new ArrayList<>();
    lists.forEach(all::addAll);
    return List.copyOf(all);
  }
}
