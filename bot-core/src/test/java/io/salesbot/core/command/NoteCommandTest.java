package io.salesbot.core.command;

import static io.salesbot.core.testing.TestTeams.CHENQI;
import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadNote;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /note} (沟通记录): kept with the lead, once per event, shown by {@code /why}. */
class NoteCommandTest {
  private final PipelineFixture f = new PipelineFixture();
  private int n;

  private Lead lead() {
    LeadSubmission s =
        new LeadSubmission(
            "i1",
            "web",
            "王先生",
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
    return f.leads.findByIntakeId("i1").block();
  }

  private String say(Address who, String text) {
    return say(new InboundEvent.TextMessage("m" + (++n), who, text, f.clock.instant()));
  }

  private String say(InboundEvent.TextMessage message) {
    f.outbox.clear();
    f.dispatcher.handle(message).block();
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.commandId().equals("reply-" + message.eventId()))
        .map(SendText::text)
        .findFirst()
        .orElse("");
  }

  private List<LeadNote> notes(Lead lead) {
    return f.notes.of(lead.id()).collectList().block();
  }

  @Test
  void a_note_is_kept_with_its_line_breaks_and_shown_by_why() {
    Lead lead = lead();
    String ref = "#" + lead.shortId();
    assertThat(say(LISI, "/note " + ref + " 电话沟通，客户要报价单\n下周二上门"))
        .isEqualTo("reply.note.added(" + ref + ",王先生)");
    f.advance(Duration.ofMinutes(1));
    assertThat(say(EAST_MANAGER, "/备注 " + ref + " 已催报价")).startsWith("reply.note.added");

    assertThat(notes(lead))
        .extracting(LeadNote::author, LeadNote::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LISI, "电话沟通，客户要报价单\n下周二上门"),
            org.assertj.core.groups.Tuple.tuple(EAST_MANAGER, "已催报价"));
    String why = say(LISI, "/why " + ref);
    assertThat(why)
        .contains("reply.why.note(")
        .contains("李四,电话沟通，客户要报价单\n下周二上门)")
        .contains("赵六,已催报价)");
    // In time order: the routing lines before the notes.
    assertThat(why.indexOf("routed")).isLessThan(why.indexOf("电话沟通"));
    assertThat(why.indexOf("电话沟通")).isLessThan(why.indexOf("已催报价"));
  }

  @Test
  void a_redelivered_message_adds_no_second_note() {
    Lead lead = lead();
    var message =
        new InboundEvent.TextMessage(
            "same", LISI, "/note #" + lead.shortId() + " 已加微信", f.clock.instant());
    say(message);
    say(message);
    assertThat(notes(lead)).hasSize(1);
  }

  @Test
  void outsiders_empty_and_overlong_notes_are_refused() {
    Lead lead = lead();
    String ref = "#" + lead.shortId();
    assertThat(say(CHENQI, "/note " + ref + " 不是我的")).startsWith("reply.notYourTeam");
    assertThat(say(LISI, "/note " + ref)).isEqualTo("reply.usage(command.note.usage)");
    assertThat(say(LISI, "/note " + ref + " " + "长".repeat(LeadNote.MAX_LENGTH + 1)))
        .isEqualTo("reply.note.tooLong(1000)");
    assertThat(say(LISI, "/note #zzzzzz 无此线索")).startsWith("reply.leadNotFoundRef");
    assertThat(notes(lead)).isEmpty();
  }
}
