package io.salesbot.server.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * What the sandbox deal flows share, over HTTP: the prologue (a lead submitted, claimed and
 * contacted: a deal in 初步接触 with ① done), proving a checkpoint with a typed note or an uploaded
 * file through the "which checkpoint?" card, moving a deal on, and waiting for the admin lead view
 * to show it. A helper object rather than more methods on {@link EndToEndSupport}, whose subclasses
 * have private methods of these names.
 */
final class SandboxDeals {
  private final EndToEndSupport e2e;

  SandboxDeals(EndToEndSupport e2e) {
    this.e2e = e2e;
  }

  /** A text message to the bot; the queued event's id. */
  String say(String user, String text) {
    return eventId(
        e2e.http
            .post()
            .uri("/sandbox/users/{u}/messages", user)
            .bodyValue(Map.of("text", text))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody());
  }

  /** A file sent to the bot ({@code POST /sandbox/users/{id}/files}); the queued event's id. */
  String upload(String user, byte[] bytes, String name, MediaType type) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part(
            "file",
            new ByteArrayResource(bytes) {
              @Override
              public String getFilename() {
                return name;
              }
            })
        .contentType(type);
    return eventId(
        e2e.http
            .post()
            .uri("/sandbox/users/{u}/files", user)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(body.build()))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody());
  }

  private static String eventId(Map<String, Object> answer) {
    return String.valueOf(answer.get("eventId"));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> buttons(Map<String, Object> card) {
    Object b = card.get("buttons");
    return b == null ? List.of() : (List<Map<String, Object>>) b;
  }

  /** Presses the button of {@code card} whose payload ends with {@code payloadEnd}. */
  void press(String user, Map<String, Object> card, String payloadEnd) {
    Map<String, Object> b =
        buttons(card).stream()
            .filter(x -> String.valueOf(x.get("payload")).endsWith(payloadEnd))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no button …" + payloadEnd + " on " + card));
    e2e.act(user, (String) card.get("cardId"), (String) b.get("action"), (String) b.get("payload"));
  }

  /** The admin lead view once it matches. */
  Map<String, Object> awaitLead(String id, Predicate<Map<String, Object>> match) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> e2e.lead(id), match::test);
  }

  Map<String, Object> awaitStage(String leadId, String stage) {
    return awaitLead(leadId, l -> stage.equals(l.get("stage")));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> checkpoints(Map<String, Object> lead) {
    return (List<Map<String, Object>>) lead.get("checkpoints");
  }

  static String state(Map<String, Object> lead, String checkpoint) {
    return checkpoints(lead).stream()
        .filter(c -> checkpoint.equals(c.get("id")))
        .map(c -> String.valueOf(c.get("state")))
        .findFirst()
        .orElse("?");
  }

  Map<String, Object> awaitCheckpoint(String leadId, String checkpoint, String state) {
    return awaitLead(leadId, l -> state.equals(state(l, checkpoint)));
  }

  /**
   * The prologue: a lead for {@code name} in 华东 is submitted, {@code rep} claims it from the offer
   * card and presses 已联系 — a deal in 初步接触 with ① done, its deal card in the rep's inbox. The lead's
   * id.
   */
  String contactedDeal(String rep, String name) {
    String intakeId =
        e2e.submit(
            "{\"name\":\""
                + name
                + "\",\"phone\":\"+86 "
                + EndToEndSupport.randomPhone()
                + "\",\"region\":\"华东\"}");
    String leadId = (String) awaitLead(intakeId, l -> "POOLED".equals(l.get("status"))).get("id");
    // POOLED comes before the offer card reaches the inbox: press only once it is there.
    e2e.act(rep, "lead-" + leadId, "claim", leadId);
    awaitStage(leadId, "初步接触");
    // The claimed card, with its 已联系 button, may still be on its way: act waits for it.
    e2e.act(rep, "lead-" + leadId, "contacted", leadId + ":PHONE");
    e2e.awaitItem(rep, EndToEndSupport.card("deal-" + leadId, "DEAL"));
    awaitCheckpoint(leadId, "first-touch", "done");
    return leadId;
  }

  /**
   * The "which checkpoint?" card answering the message {@code eventId}, once it offers {@code
   * checkpoint} of the lead.
   */
  Map<String, Object> choice(String rep, String eventId, String leadId, String checkpoint) {
    return e2e.awaitItem(
        rep,
        i ->
            "CHOICE".equals(i.get("type"))
                && String.valueOf(i.get("cardId")).startsWith("evidence-" + eventId)
                && buttons(i).stream()
                    .anyMatch(
                        b ->
                            String.valueOf(b.get("payload"))
                                .endsWith(":" + leadId + ":" + checkpoint)));
  }

  /** A typed note proves {@code checkpoint}: sent, chosen on the card, done. Its evidence id. */
  String proveByNote(String rep, String leadId, String note, String checkpoint) {
    // Named by the deal's number: offered to that deal alone, however many open deals the rep has
    // from other tests of this JVM (the choice card shows six).
    String eventId = say(rep, shortId(leadId) + " " + note);
    press(rep, choice(rep, eventId, leadId, checkpoint), ":" + leadId + ":" + checkpoint);
    return "ev-" + eventId;
  }

  /** An uploaded file is chosen for {@code checkpoint}. Its evidence id. */
  String proveByFile(
      String rep, String leadId, byte[] bytes, String name, MediaType type, String checkpoint) {
    String eventId = upload(rep, bytes, name, type);
    press(rep, choice(rep, eventId, leadId, checkpoint), ":" + leadId + ":" + checkpoint);
    return "ev-" + eventId;
  }

  /**
   * Presses 推进到下一阶段 on the deal card once the card shows the stage {@code seen} (the stage is
   * stored before the card update reaches the inbox).
   */
  void advance(String rep, String leadId, int seen) {
    e2e.act(rep, "deal-" + leadId, "deal-advance", leadId + ":" + seen);
  }

  /** The short id people type ({@code #1a2b3c4d}). */
  static String shortId(String leadId) {
    return "#" + leadId.substring(0, 8);
  }
}
