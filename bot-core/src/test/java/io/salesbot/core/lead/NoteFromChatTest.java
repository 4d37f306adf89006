package io.salesbot.core.lead;

import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadNote;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replying to a lead card with text (沟通记录 from chat): a plain text soon after acting on a lead card
 * the rep owns is offered as its note, kept only on 记录, once; the contacted card says so.
 */
class NoteFromChatTest {
  private final PipelineFixture f = new PipelineFixture();
  private int n;

  private Lead lead() {
    LeadSubmission s =
        new LeadSubmission(
            "i1",
            "web",
            "王先生",
            "13800138000",
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
    return f.leads.findByIntakeId("i1").block();
  }

  private void press(Address who, String cardId, String action, String payload) {
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "c" + (++n), who, cardId, action, payload, f.clock.instant()))
        .block();
  }

  private String say(Address who, String text) {
    String id = "m" + (++n);
    f.outbox.clear();
    f.dispatcher.handle(new InboundEvent.TextMessage(id, who, text, f.clock.instant())).block();
    return id;
  }

  private List<LeadNote> notes(Lead lead) {
    return f.notes.of(lead.id()).collectList().block();
  }

  private DeliverCard offerCard(String messageId) {
    return f.outbox.commands(DeliverCard.class).stream()
        .filter(c -> c.commandId().equals("note-offer-" + messageId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no note offer in " + f.outbox.commands()));
  }

  @Test
  void a_text_after_contacted_is_offered_as_a_note_and_kept_on_record() {
    Lead lead = lead();
    press(LISI, "lead-" + lead.id(), "claim", lead.id());
    f.clock.advance(Duration.ofMinutes(3));
    f.outbox.clear();
    press(LISI, "lead-" + lead.id(), "contacted", lead.id() + ":PHONE");
    assertThat(f.outbox.commands(UpdateCard.class))
        .anySatisfy(
            u -> {
              assertThat(u.card().type()).isEqualTo(CardType.LEAD_CONTACTED);
              assertThat(u.card().elements().toString()).contains("card.contacted.noteHint");
            });

    f.clock.advance(Duration.ofMinutes(9));
    String m = say(LISI, "电话沟通，客户要报价单，备用号 13900001111");
    DeliverCard card = offerCard(m);
    assertThat(card.recipients()).containsExactly(LISI);
    assertThat(card.card().title()).isEqualTo("card.noteOffer.title(#" + lead.shortId() + ",王先生)");
    assertThat(card.card().buttons())
        .extracting(CardButton::action, CardButton::payload)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("note-record", m),
            org.assertj.core.groups.Tuple.tuple("note-skip", m));
    assertThat(f.outbox.commands(SendText.class)).isEmpty();
    assertThat(notes(lead)).isEmpty();
    // The text may prove a checkpoint of the deal too: the evidence question comes after.
    assertThat(f.outbox.commands(DeliverCard.class))
        .extracting(DeliverCard::commandId)
        .containsExactly("note-offer-" + m, "evidence-" + m);

    press(LISI, card.card().cardId(), "note-record", m);
    assertThat(notes(lead))
        .singleElement()
        .satisfies(
            note -> {
              assertThat(note.author()).isEqualTo(LISI);
              assertThat(note.text()).isEqualTo("电话沟通，客户要报价单，备用号 13900001111");
              assertThat(note.eventId()).isEqualTo(m);
            });
    assertThat(f.outbox.commands(UpdateCard.class))
        .anySatisfy(
            u ->
                assertThat(u.card().elements().toString())
                    .contains("card.noteOffer.recorded(#" + lead.shortId() + ")"));

    // Pressed again (or redelivered): nothing is kept twice.
    f.outbox.clear();
    press(LISI, card.card().cardId(), "note-record", m);
    assertThat(notes(lead)).hasSize(1);
    assertThat(f.outbox.commands(SendText.class))
        .singleElement()
        .satisfies(t -> assertThat(t.text()).isEqualTo("reply.noteOffer.gone"));
  }

  @Test
  void skip_keeps_nothing() {
    Lead lead = lead();
    press(LISI, "lead-" + lead.id(), "claim", lead.id());
    String m = say(LISI, "客户说再考虑");
    press(LISI, offerCard(m).card().cardId(), "note-skip", m);
    assertThat(notes(lead)).isEmpty();
    assertThat(f.outbox.commands(UpdateCard.class))
        .anySatisfy(
            u -> assertThat(u.card().elements().toString()).contains("card.noteOffer.skipped"));
  }

  @Test
  void a_text_after_the_window_or_from_someone_who_does_not_own_the_lead_gets_the_hint() {
    Lead lead = lead();
    press(LISI, "lead-" + lead.id(), "claim", lead.id());
    // 张三 pressed Claim too late: the lead is 李四's, so his text is no note of it.
    press(ZHANGSAN, "lead-" + lead.id(), "claim", lead.id());
    say(ZHANGSAN, "我也联系了");
    assertThat(f.outbox.commands(DeliverCard.class)).isEmpty();
    assertThat(f.outbox.commands(SendText.class))
        .singleElement()
        .satisfies(t -> assertThat(t.text()).isEqualTo("reply.hint"));

    // After the window the text is no note offer (李四's open deal still offers it as evidence).
    f.clock.advance(Duration.ofMinutes(11));
    say(LISI, "迟到的备注");
    assertThat(f.outbox.commands(DeliverCard.class))
        .extracting(DeliverCard::commandId)
        .noneMatch(id -> id.startsWith("note-offer-"));
    assertThat(notes(lead)).isEmpty();
  }

  @Test
  void only_the_writer_can_keep_the_offered_text() {
    Lead lead = lead();
    press(LISI, "lead-" + lead.id(), "claim", lead.id());
    String m = say(LISI, "上门拜访，见了采购");
    String cardId = offerCard(m).card().cardId();
    press(ZHANGSAN, cardId, "note-record", m);
    assertThat(notes(lead)).isEmpty();
    press(LISI, cardId, "note-record", m);
    assertThat(notes(lead)).hasSize(1);
  }
}
