package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * A file sent to the bot proves a checkpoint, over HTTP and the sandbox: claim → 已联系 → ② by a note
 * → 推进 → a PDF uploaded → "which checkpoint?" → ③ done with the file's evidence id → /deal shows a
 * signed link → the link downloads the same bytes; a tampered or missing signature is refused. Bad
 * uploads (no file part, too large, a type not taken) are 4xx problems and store nothing.
 */
class EvidenceFileFlowTest extends EndToEndSupport {

  private final SandboxDeals deals = new SandboxDeals(this);

  private static MultipartBodyBuilder file(byte[] bytes, String name, MediaType type) {
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
    return body;
  }

  @SuppressWarnings("unchecked")
  @Test
  void a_file_sent_in_chat_completes_a_checkpoint_and_is_downloadable_by_a_signed_link() {
    String leadId = deals.contactedDeal("wangwu", "钱先生");
    deals.proveByNote("wangwu", leadId, "12月21日 上门沟通需求", "appointment");
    deals.awaitCheckpoint(leadId, "appointment", "done");
    deals.advance("wangwu", leadId, 0);
    deals.awaitStage(leadId, "需求诊断");

    byte[] pdf = ("%PDF-1.4 需求调研纪要 " + leadId).getBytes(StandardCharsets.UTF_8);
    Map<String, Object> queued =
        http.post()
            .uri("/sandbox/users/{u}/files", "wangwu")
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(
                BodyInserters.fromMultipartData(
                    file(pdf, "调研纪要.pdf", MediaType.APPLICATION_PDF).build()))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    String evidenceId = "ev-" + queued.get("eventId");
    Map<String, Object> choice =
        awaitItem(
            "wangwu",
            i -> "CHOICE".equals(i.get("type")) && i.toString().contains(evidenceId + ":"));
    deals.press("wangwu", choice, leadId + ":needs-notes");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> (List<Map<String, Object>>) lead(leadId).get("checkpoints"),
            cps ->
                cps.stream()
                    .anyMatch(
                        c -> "needs-notes".equals(c.get("id")) && "done".equals(c.get("state"))));
    // The checkpoint is stored done before the evidence row records it: wait for both.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                    "SELECT count(*) FROM evidence WHERE id = '"
                        + evidenceId
                        + "' AND checkpoint = 'needs-notes' AND deal_id = '"
                        + leadId
                        + "' AND content_type = 'application/pdf' AND size = "
                        + pdf.length),
            n -> n == 1);
    assertThat(
            count(
                "SELECT count(*) FROM deals WHERE id = '"
                    + leadId
                    + "' AND checkpoints LIKE '%"
                    + evidenceId
                    + "%'"))
        .isEqualTo(1);

    deals.say("wangwu", "/deal #" + leadId.substring(0, 8));
    Map<String, Object> dealCard =
        awaitItem(
            "wangwu",
            i ->
                "DEAL".equals(i.get("type"))
                    && i.toString().contains("/evidence/" + evidenceId + "?"));
    String text = dealCard.toString();
    int at = text.indexOf("/evidence/" + evidenceId + "?");
    String link = text.substring(at).split("[\\s,}\\]]")[0];

    byte[] got =
        http.get()
            .uri(link)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PDF)
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();
    assertThat(got).isEqualTo(pdf);

    String tampered = link.substring(0, link.length() - 2) + (link.endsWith("A") ? "BB" : "AA");
    http.get()
        .uri(tampered)
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains("签名不符"));
    String expired = link.replaceFirst("exp=\\d+", "exp=1");
    http.get().uri(expired).exchange().expectStatus().isForbidden();
    http.get()
        .uri("/evidence/" + evidenceId)
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody(String.class)
        .value(b -> assertThat(b).doesNotContain("PDF-1.4"));
  }

  @Test
  void bad_uploads_are_4xx_problems_and_store_nothing() {
    long before = count("SELECT count(*) FROM evidence");
    http.post()
        .uri("/sandbox/users/{u}/files", "wangwu")
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(
            BodyInserters.fromMultipartData(
                file(new byte[70 * 1024], "big.pdf", MediaType.APPLICATION_PDF).build()))
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    http.post()
        .uri("/sandbox/users/{u}/files", "wangwu")
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(
            BodyInserters.fromMultipartData(
                file(
                        "MZ".getBytes(StandardCharsets.US_ASCII),
                        "setup.exe",
                        MediaType.APPLICATION_OCTET_STREAM)
                    .build()))
        .exchange()
        .expectStatus()
        .isEqualTo(415)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains("不能作为佐证"));
    MultipartBodyBuilder noFile = new MultipartBodyBuilder();
    noFile.part("kind", "file");
    http.post()
        .uri("/sandbox/users/{u}/files", "wangwu")
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(BodyInserters.fromMultipartData(noFile.build()))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains("file"));
    http.post()
        .uri("/sandbox/users/{u}/files", "wangwu")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isEqualTo(415);
    http.post()
        .uri("/sandbox/users/{u}/files", "nobody-here")
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(
            BodyInserters.fromMultipartData(
                file(new byte[10], "a.pdf", MediaType.APPLICATION_PDF).build()))
        .exchange()
        .expectStatus()
        .isNotFound();
    assertThat(count("SELECT count(*) FROM evidence")).isEqualTo(before);
  }
}
