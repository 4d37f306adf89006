package io.salesbot.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.EvidenceLinks;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.testing.InMemoryEvidence;
import io.salesbot.core.testing.InMemoryEvidenceFiles;
import io.salesbot.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code GET /evidence/{id}}: the file for a valid link; 403, 410 or 404 and never the file. */
class EvidenceDownloadsTest {
  private final MutableClock clock =
      new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
  private final EvidenceLinks links =
      new EvidenceLinks(
          "", "a-secret-of-16-bytes!".getBytes(StandardCharsets.UTF_8), Duration.ofHours(24));
  private final InMemoryEvidence evidence = new InMemoryEvidence();
  private final InMemoryEvidenceFiles files = new InMemoryEvidenceFiles();
  private WebTestClient http;
  private final byte[] pdf = "%PDF-1.4 合同".getBytes(StandardCharsets.UTF_8);

  @BeforeEach
  void a_stored_file() {
    var stored = files.put(pdf, "合同.pdf", "application/pdf").block();
    evidence
        .save(
            new Evidence(
                "ev-1",
                Address.parse("sandbox:lisi"),
                Set.of(EvidenceKind.FILE),
                null,
                stored.sha256(),
                "合同.pdf",
                clock.instant(),
                (long) pdf.length,
                "application/pdf",
                null,
                null,
                null,
                null))
        .block();
    evidence
        .save(
            new Evidence(
                "ev-note",
                Address.parse("sandbox:lisi"),
                Set.of(EvidenceKind.NOTE),
                "纪要",
                null,
                null,
                clock.instant()))
        .block();
    http =
        WebTestClient.bindToRouterFunction(
                new EvidenceDownloads(links, evidence, files, clock).routes())
            .build();
  }

  @Test
  void a_valid_link_gives_the_file_as_an_attachment() {
    http.get()
        .uri(links.link("ev-1", clock.instant()))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PDF)
        .expectHeader()
        .valueMatches("Content-Disposition", "attachment; filename=.*")
        .expectHeader()
        .valueEquals("X-Content-Type-Options", "nosniff")
        .expectBody(byte[].class)
        .isEqualTo(pdf);
  }

  @Test
  void an_expired_link_is_410_and_a_wrong_signature_403_never_the_file() {
    String link = links.link("ev-1", clock.instant());
    clock.advance(Duration.ofHours(24));
    http.get()
        .uri(link)
        .exchange()
        .expectStatus()
        .isEqualTo(410)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(String.class)
        .value(b -> assertThat(b).contains("链接已过期").doesNotContain("PDF-1.4"));
    http.get()
        .uri(link.replace("/evidence/ev-1", "/evidence/ev-2"))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody(String.class)
        .value(b -> assertThat(b).contains("签名不符"));
    http.get().uri("/evidence/ev-1?exp=abc&sig=x").exchange().expectStatus().isForbidden();
  }

  @Test
  void a_signed_link_to_a_note_or_nothing_is_404() {
    http.get().uri(links.link("ev-note", clock.instant())).exchange().expectStatus().isNotFound();
    http.get().uri(links.link("ev-none", clock.instant())).exchange().expectStatus().isNotFound();
  }
}
