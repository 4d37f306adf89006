package io.salesbot.adapter.redis;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendImage;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Outbound commands as JSON, mapped by hand so that the stored shape is owned here and does not
 * change when a domain record does. Shape (version 1):
 *
 * <pre>{@code
 * {"v":1,"type":"deliver-card"|"update-card"|"send-text"|"send-image","commandId":"...",
 *  "recipients":["wecom:zhangsan", ...],
 *  "card":{"cardId":"...","version":1,"type":"LEAD_OFFER","title":"...",
 *          "elements":[{"kind":"text","text":"..."},{"kind":"field","label":"...","value":"..."},
 *                      {"kind":"note","text":"..."}],
 *          "buttons":[{"action":"...","label":"...","payload":"...","style":"PRIMARY"}]},
 *  "text":"...", "imageId":"..."}
 * }</pre>
 *
 * Unknown properties are ignored; anything missing or malformed is an {@link
 * UndecodableEntryException}.
 */
final class OutboundCommandJson {
  static final int VERSION = 1;
  static final String DELIVER_CARD = "deliver-card";
  static final String UPDATE_CARD = "update-card";
  static final String SEND_TEXT = "send-text";
  static final String SEND_IMAGE = "send-image";

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private OutboundCommandJson() {}

  static String typeOf(OutboundCommand command) {
    if (command instanceof DeliverCard) {
      return DELIVER_CARD;
    } else if (command instanceof UpdateCard) {
      return UPDATE_CARD;
    } else if (command instanceof SendText) {
      return SEND_TEXT;
    } else if (command instanceof SendImage) {
      return SEND_IMAGE;
    }
    throw new IllegalArgumentException("unknown command " + command.getClass().getName());
  }

  static String write(OutboundCommand command) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("v", VERSION);
    root.put("type", typeOf(command));
    root.put("commandId", command.commandId());
    ArrayNode recipients = root.putArray("recipients");
    command.recipients().forEach(a -> recipients.add(a.toString()));
    if (command instanceof DeliverCard c) {
      root.set("card", card(c.card()));
      if (c.urgent()) {
        root.put("urgent", true);
      }
    } else if (command instanceof UpdateCard c) {
      root.set("card", card(c.card()));
    } else if (command instanceof SendText c) {
      root.put("text", c.text());
    } else if (command instanceof SendImage c) {
      root.put("imageId", c.imageId());
      root.put("text", c.caption());
    }
    return MAPPER.writeValueAsString(root);
  }

  private static ObjectNode card(Card card) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("cardId", card.cardId());
    n.put("version", card.version());
    n.put("type", card.type().name());
    n.put("title", card.title());
    ArrayNode elements = n.putArray("elements");
    for (CardElement e : card.elements()) {
      ObjectNode en = elements.addObject();
      if (e instanceof CardElement.Text t) {
        en.put("kind", "text");
        en.put("text", t.text());
      } else if (e instanceof CardElement.Field f) {
        en.put("kind", "field");
        en.put("label", f.label());
        en.put("value", f.value());
      } else if (e instanceof CardElement.Note note) {
        en.put("kind", "note");
        en.put("text", note.text());
      } else {
        throw new IllegalArgumentException("unknown card element " + e.getClass().getName());
      }
    }
    ArrayNode buttons = n.putArray("buttons");
    for (CardButton b : card.buttons()) {
      ObjectNode bn = buttons.addObject();
      bn.put("action", b.action());
      bn.put("label", b.label());
      bn.put("payload", b.payload());
      bn.put("style", b.style().name());
    }
    return n;
  }

  static OutboundCommand read(String json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new UndecodableEntryException("outbound command is not a JSON object");
      }
      int version = integer(root, "v");
      if (version != VERSION) {
        throw new UndecodableEntryException("unknown outbound command format version " + version);
      }
      String type = text(root, "type");
      String commandId = text(root, "commandId");
      List<Address> recipients = new ArrayList<>();
      for (JsonNode r : array(root, "recipients")) {
        if (!r.isString()) {
          throw new UndecodableEntryException("recipients must be strings");
        }
        recipients.add(Address.parse(r.stringValue()));
      }
      switch (type) {
        case DELIVER_CARD:
          return new DeliverCard(
              commandId,
              card(object(root, "card")),
              recipients,
              root.path("urgent").asBoolean(false));
        case UPDATE_CARD:
          return new UpdateCard(commandId, card(object(root, "card")), recipients);
        case SEND_TEXT:
          return new SendText(commandId, text(root, "text"), recipients);
        case SEND_IMAGE:
          return new SendImage(commandId, text(root, "imageId"), text(root, "text"), recipients);
        default:
          throw new UndecodableEntryException("unknown outbound command type '" + type + "'");
      }
    } catch (UndecodableEntryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UndecodableEntryException(
          "unreadable outbound command: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          e);
    }
  }

  private static Card card(JsonNode n) {
    List<CardElement> elements = new ArrayList<>();
    for (JsonNode e : array(n, "elements")) {
      if (!e.isObject()) {
        throw new UndecodableEntryException("card elements must be objects");
      }
      String kind = text(e, "kind");
      switch (kind) {
        case "text":
          elements.add(new CardElement.Text(text(e, "text")));
          break;
        case "field":
          elements.add(new CardElement.Field(text(e, "label"), text(e, "value")));
          break;
        case "note":
          elements.add(new CardElement.Note(text(e, "text")));
          break;
        default:
          throw new UndecodableEntryException("unknown card element kind '" + kind + "'");
      }
    }
    List<CardButton> buttons = new ArrayList<>();
    for (JsonNode b : array(n, "buttons")) {
      if (!b.isObject()) {
        throw new UndecodableEntryException("card buttons must be objects");
      }
      buttons.add(
          new CardButton(
              text(b, "action"),
              text(b, "label"),
              text(b, "payload"),
              CardButton.Style.valueOf(text(b, "style"))));
    }
    return new Card(
        text(n, "cardId"),
        integer(n, "version"),
        CardType.valueOf(text(n, "type")),
        text(n, "title"),
        elements,
        buttons);
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isString()) {
      throw new UndecodableEntryException("'" + name + "' is missing or not a string");
    }
    return v.stringValue();
  }

  private static int integer(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new UndecodableEntryException("'" + name + "' is missing or not an integer");
    }
    return v.intValue();
  }

  private static JsonNode array(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isArray()) {
      throw new UndecodableEntryException("'" + name + "' is missing or not an array");
    }
    return v;
  }

  private static JsonNode object(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isObject()) {
      throw new UndecodableEntryException("'" + name + "' is missing or not an object");
    }
    return v;
  }
}
