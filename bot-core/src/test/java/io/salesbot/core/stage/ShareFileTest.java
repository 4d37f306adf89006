package io.salesbot.core.stage;

import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage;
import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage.Media;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.EvidenceKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Files and photos sent to the bot become evidence: downloaded from the platform, checked against
 * the limits (the fixture allows 1 KiB), stored once by SHA-256, offered for the open checkpoints
 * that take them, attached, and linked from the deal card with a signed link.
 */
class ShareFileTest {
  private final PipelineFixture f = new PipelineFixture();
  private int n;
  private Lead lead;

  @BeforeEach
  void a_deal_in_diagnosis() {
    LeadSubmission s =
        new LeadSubmission(
            "f1",
            "web",
            "客户乙",
            null,
            null,
            "华东",
            null,
            null,
            null,
            null,
            null,
            Map.of(),
            Priority.NORMAL);
    f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())).block();
    lead = f.leads.findByIntakeId("f1").block();
    click(LISI, "claim", lead.id());
    click(LISI, "contacted", lead.id() + ":PHONE");
    say(LISI, "12月20日 上门沟通");
    press(LISI, "appointment");
    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    assertThat(f.deals.find(lead.id()).block().stage()).isEqualTo(1);
  }

  private void click(Address who, String action, String payload) {
    f.outbox.clear();
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "c" + (++n), who, "card", action, payload, f.clock.instant()))
        .block();
  }

  private void say(Address who, String text) {
    f.outbox.clear();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("m" + (++n), who, text, f.clock.instant()))
        .block();
  }

  private String send(Address who, Media kind, String media, String name) {
    f.outbox.clear();
    f.dispatcher
        .handle(
            new MediaMessage(
                "f" + (++n), who, kind, media, name, null, null, f.clock.instant(), null))
        .block();
    return reply();
  }

  private String reply() {
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.commandId().startsWith("reply-"))
        .map(SendText::text)
        .findFirst()
        .orElse("");
  }

  private Card lastCard(CardType type) {
    return Stream.concat(
            f.outbox.commands(DeliverCard.class).stream().map(DeliverCard::card),
            f.outbox.commands(UpdateCard.class).stream().map(UpdateCard::card))
        .filter(c -> c.type() == type)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private void press(Address who, String checkpoint) {
    CardButton button =
        lastCard(CardType.CHOICE).buttons().stream()
            .filter(b -> b.payload().endsWith(":" + checkpoint))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no button for " + checkpoint));
    click(who, button.action(), button.payload());
  }

  @Test
  void a_file_is_downloaded_stored_by_sha256_offered_attached_and_linked_from_the_deal_card() {
    byte[] pdf = "%PDF-1.4 需求调研".getBytes(StandardCharsets.UTF_8);
    f.media.add("m-1", pdf, null, "调研纪要.pdf");

    send(LISI, Media.FILE, "m-1", "调研纪要.pdf");
    Card choice = lastCard(CardType.CHOICE);
    assertThat(choice.buttons())
        .extracting(CardButton::payload)
        .allMatch(p -> p.endsWith(":needs-notes"));
    String evidenceId = choice.buttons().get(0).payload().split(":")[0];
    Evidence stored = f.evidence.find(evidenceId).block();
    assertThat(stored.kinds()).containsExactly(EvidenceKind.FILE);
    assertThat(stored.file()).isEqualTo(io.salesbot.core.testing.InMemoryEvidenceFiles.sha256(pdf));
    assertThat(stored.fileName()).isEqualTo("调研纪要.pdf");
    assertThat(stored.size()).isEqualTo(pdf.length);
    assertThat(stored.contentType()).isEqualTo("application/pdf");
    assertThat(f.evidenceFiles.open(stored.file()).block()).isEqualTo(pdf);

    press(LISI, "needs-notes");
    assertThat(f.outbox.commands(SendText.class))
        .extracting(SendText::text)
        .containsExactly("reply.checkpoint.done(③ 需求调研纪要,#" + lead.shortId() + ")");
    assertThat(f.deals.find(lead.id()).block().state("needs-notes").done()).isTrue();
    assertThat(f.deals.find(lead.id()).block().state("needs-notes").evidence())
        .containsExactly(evidenceId);
    Evidence attached = f.evidence.find(evidenceId).block();
    assertThat(attached.dealId()).isEqualTo(lead.id());
    assertThat(attached.checkpoint()).isEqualTo("needs-notes");

    String text =
        lastCard(CardType.DEAL).elements().stream()
            .filter(e -> e instanceof CardElement.Text)
            .map(e -> ((CardElement.Text) e).text())
            .filter(t -> t.contains("/evidence/"))
            .findFirst()
            .orElseThrow();
    assertThat(text).contains("需求调研纪要", "调研纪要.pdf");
    String url = text.substring(text.indexOf("https://"));
    URI link = URI.create(url.substring(0, url.indexOf(')')));
    String[] q = link.getQuery().split("&");
    String id = link.getPath().substring("/evidence/".length());
    assertThat(id).isEqualTo(evidenceId);
    assertThat(
            f.links.check(
                id,
                q[0].substring("exp=".length()),
                q[1].substring("sig=".length()),
                f.clock.instant()))
        .isEqualTo(EvidenceLinks.Check.VALID);
  }

  @Test
  void the_same_file_twice_is_stored_once() {
    byte[] pdf = "same bytes".getBytes(StandardCharsets.UTF_8);
    f.media.add("a", pdf, "application/pdf", "a.pdf");
    f.media.add("b", pdf, "application/pdf", "b.pdf");
    send(LISI, Media.FILE, "a", "a.pdf");
    send(LISI, Media.FILE, "b", "b.pdf");
    assertThat(f.evidenceFiles.count()).isEqualTo(1);
  }

  @Test
  void a_file_too_large_gets_a_reply_and_nothing_is_stored() {
    f.media.add("big", new byte[2048], "application/pdf", "big.pdf");
    assertThat(send(LISI, Media.FILE, "big", "big.pdf")).isEqualTo("reply.evidence.tooLarge(1)");
    assertThat(f.evidenceFiles.count()).isZero();
    assertThat(f.evidence.find("ev-f" + n).block()).isNull();
  }

  @Test
  void a_file_of_a_type_not_taken_gets_a_reply_and_nothing_is_stored() {
    f.media.add("exe", new byte[10], null, "setup.exe");
    assertThat(send(LISI, Media.FILE, "exe", "setup.exe"))
        .startsWith("reply.evidence.wrongType(image/*");
    assertThat(f.evidenceFiles.count()).isZero();
    assertThat(f.evidence.find("ev-f" + n).block()).isNull();
  }

  @Test
  void a_photo_without_a_checkpoint_taking_photos_is_not_downloaded() {
    f.media.add("p", new byte[10], "image/jpeg", "p.jpg");
    assertThat(send(LISI, Media.PHOTO, "p", "p.jpg"))
        .isEqualTo("reply.evidence.nothingOpen(evidence.photo)");
    assertThat(f.media.fetched()).isEmpty();
    assertThat(f.evidenceFiles.count()).isZero();
  }

  @Test
  void an_expired_media_gets_a_reply() {
    assertThat(send(LISI, Media.FILE, "expired", "x.pdf")).isEqualTo("reply.evidence.gone");
    assertThat(f.evidenceFiles.count()).isZero();
  }

  @Test
  void someone_elses_file_cannot_be_attached_to_my_deal() {
    f.media.add("z", new byte[10], "application/pdf", "z.pdf");
    send(LISI, Media.FILE, "z", "z.pdf");
    CardButton button = lastCard(CardType.CHOICE).buttons().get(0);
    click(ZHANGSAN, button.action(), button.payload());
    assertThat(reply()).isEqualTo("reply.evidence.notFound");
    assertThat(f.deals.find(lead.id()).block().state("needs-notes").done()).isFalse();
  }

  @Test
  void a_location_is_kept_as_a_note_with_its_coordinates() {
    f.outbox.clear();
    f.dispatcher
        .handle(
            new MediaMessage(
                "loc1",
                LISI,
                Media.LOCATION,
                null,
                null,
                null,
                new InboundEvent.Location(31.2304, 121.4737, "上海市黄浦区"),
                f.clock.instant(),
                null))
        .block();
    Evidence e = f.evidence.find("ev-loc1").block();
    assertThat(e.text()).isEqualTo("evidence.location(上海市黄浦区,31.230400,121.473700)");
    assertThat(e.location().latitude()).isEqualTo(31.2304);
    assertThat(lastCard(CardType.CHOICE).buttons())
        .extracting(CardButton::payload)
        .anyMatch(p -> p.endsWith(":needs-notes"));
  }

  @Test
  void links_with_a_wrong_signature_or_past_their_time_are_refused() {
    String link = f.links.link("ev-1", f.clock.instant());
    URI uri = URI.create(link);
    String exp = uri.getQuery().split("&")[0].substring(4);
    String sig = uri.getQuery().split("&")[1].substring(4);
    assertThat(f.links.check("ev-1", exp, sig, f.clock.instant()))
        .isEqualTo(EvidenceLinks.Check.VALID);
    assertThat(f.links.check("ev-2", exp, sig, f.clock.instant()))
        .isEqualTo(EvidenceLinks.Check.BAD_SIGNATURE);
    assertThat(f.links.check("ev-1", exp, sig.substring(1) + "A", f.clock.instant()))
        .isEqualTo(EvidenceLinks.Check.BAD_SIGNATURE);
    assertThat(f.links.check("ev-1", exp, sig, f.clock.instant().plusSeconds(86_400)))
        .isEqualTo(EvidenceLinks.Check.EXPIRED);
  }

  @Test
  void a_file_without_type_or_name_is_typed_by_its_first_bytes() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    f.media.add("dl", png, null, null);
    send(LISI, Media.FILE, "dl", null);
    String evidenceId = lastCard(CardType.CHOICE).buttons().get(0).payload().split(":")[0];
    assertThat(f.evidence.find(evidenceId).block().contentType()).isEqualTo("image/png");
  }
}
