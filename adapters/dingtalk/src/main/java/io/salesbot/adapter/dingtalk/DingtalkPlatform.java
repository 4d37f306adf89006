package io.salesbot.adapter.dingtalk;

import io.salesbot.core.card.domain.Card;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.domain.Address;
import io.salesbot.core.platform.domain.Delivery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk as a {@link ChatPlatform}: cards as interactive cards delivered by the robot into each
 * recipient's 1:1 chat ({@code createAndDeliver}, one card instance per neutral card, {@code
 * outTrackId} from the card id), updates as per-recipient private data on that instance ({@code PUT
 * /v1.0/card/instances}), so the winner of a claim sees "claimed by you" and the others "已被 … 领取"
 * on the same card. Texts go through the robot's 1:1 batch send, 20 people per call.
 *
 * <p>A message counts as delivered only for recipients DingTalk did not list as failed, invalid or
 * flow-controlled.
 */
final class DingtalkPlatform implements ChatPlatform {
  static final String ID = DingtalkEvents.PLATFORM;
  static final int MAX_TEXT_RECIPIENTS = 20;

  private static final Logger log = LoggerFactory.getLogger(DingtalkPlatform.class);

  private final DingtalkApi api;
  private final DingtalkSettings settings;

  DingtalkPlatform(DingtalkApi api, DingtalkSettings settings) {
    this.api = api;
    this.settings = settings;
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
          String outTrackId = CardKeys.outTrackId(card.cardId());
          return api.call(
                  "POST",
                  "/v1.0/card/instances/createAndDeliver",
                  create(card, outTrackId, recipients))
              .map(result -> cardDeliveries(commandId, recipients, result, outTrackId));
        });
  }

  @Override
  public Mono<List<Delivery>> updateCard(String commandId, Card card, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          String outTrackId = CardKeys.outTrackId(card.cardId());
          return api.call("PUT", "/v1.0/card/instances", update(card, outTrackId, recipients))
              .map(
                  result ->
                      recipients.stream()
                          .map(r -> new Delivery(commandId, r, "updated:" + outTrackId))
                          .toList());
        });
  }

  @Override
  public Mono<List<Delivery>> sendText(String commandId, String text, List<Address> recipients) {
    return Mono.defer(
        () -> {
          check(recipients);
          return Flux.fromIterable(chunks(recipients, MAX_TEXT_RECIPIENTS))
              .concatMap(
                  chunk ->
                      api.call("POST", "/v1.0/robot/oToMessages/batchSend", text(text, chunk))
                          .map(result -> textDeliveries(commandId, chunk, result)))
              .collectList()
              .map(DingtalkPlatform::flatten);
        });
  }

  // --- bodies
  // -------------------------------------------------------------------------------------

  ObjectNode create(Card card, String outTrackId, List<Address> people) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("cardTemplateId", settings.templateFor(card.type()));
    body.put("outTrackId", outTrackId);
    body.put("callbackType", settings.mode() == DingtalkSettings.Mode.STREAM ? "STREAM" : "HTTP");
    ObjectNode params = body.putObject("cardData").putObject("cardParamMap");
    DingtalkCards.params(card).forEach(params::put);
    List<String> spaces = new ArrayList<>();
    people.forEach(p -> spaces.add("IM_ROBOT." + p.userId()));
    body.put("openSpaceId", "dtv1.card//" + String.join(";", spaces));
    body.putObject("imRobotOpenSpaceModel").put("supportForward", false);
    ObjectNode deliver = body.putObject("imRobotOpenDeliverModel");
    deliver.put("spaceType", "IM_ROBOT");
    deliver.put("robotCode", settings.robotCode());
    body.put("userIdType", 1);
    return body;
  }

  ObjectNode update(Card card, String outTrackId, List<Address> people) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("outTrackId", outTrackId);
    ObjectNode privateData = body.putObject("privateData");
    Map<String, String> rendered = DingtalkCards.params(card);
    for (Address p : people) {
      ObjectNode params = privateData.putObject(p.userId()).putObject("cardParamMap");
      rendered.forEach(params::put);
    }
    ObjectNode options = body.putObject("cardUpdateOptions");
    options.put("updateCardDataByKey", true);
    options.put("updatePrivateDataByKey", true);
    body.put("userIdType", 1);
    return body;
  }

  ObjectNode text(String text, List<Address> people) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("robotCode", settings.robotCode());
    body.putArray("userIds").addAll(people.stream().map(p -> body.stringNode(p.userId())).toList());
    body.put("msgKey", "sampleText");
    ObjectNode param = DingtalkEvents.JSON.createObjectNode();
    param.put("content", DingtalkCards.text(text));
    body.put("msgParam", DingtalkEvents.JSON.writeValueAsString(param));
    return body;
  }

  // --- results
  // ------------------------------------------------------------------------------------

  private static List<Delivery> cardDeliveries(
      String commandId, List<Address> chunk, JsonNode result, String outTrackId) {
    Set<String> failed = new HashSet<>();
    JsonNode results = result.path("result").path("deliverResults");
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
      if (!failed.contains(r.userId())) {
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
            "the DingTalk platform only delivers to dingtalk:<userId> addresses, not to '"
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

  private static List<Delivery> flatten(List<List<Delivery>> lists) {
    List<Delivery> all = new ArrayList<>();
    lists.forEach(all::addAll);
    return List.copyOf(all);
  }
}
