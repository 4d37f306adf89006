package io.salesbot.core.command;

import static io.salesbot.core.testing.TestTeams.LISI;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import org.junit.jupiter.api.Test;

class HandleCommandTest {
  private final PipelineFixture f = new PipelineFixture();

  private String answer(String text) {
    f.outbox.clear();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("m-" + text, LISI, text, f.clock.instant()))
        .block();
    SendText reply = f.outbox.commands(SendText.class).get(0);
    assertThat(reply.recipients()).containsExactly(LISI);
    assertThat(reply.commandId()).isEqualTo("reply-m-" + text);
    return reply.text();
  }

  @Test
  void answers_help_in_both_languages_and_hints_otherwise() {
    assertThat(answer("/help")).isEqualTo("reply.help");
    assertThat(answer(" /帮助 ")).isEqualTo("reply.help");
    assertThat(answer("/HELP me")).isEqualTo("reply.help");
    assertThat(answer("/frobnicate now")).isEqualTo("reply.unknownCommand(/frobnicate)");
    assertThat(answer("你好")).isEqualTo("reply.hint");
  }

  @Test
  void unknown_buttons_and_unsupported_events_never_fail() {
    f.dispatcher
        .handle(new InboundEvent.CardAction("e1", LISI, "c", "explode", "", f.clock.instant()))
        .block();
    assertThat(f.outbox.commands(SendText.class).get(0).text()).isEqualTo("reply.unknownAction");
    f.dispatcher
        .handle(new InboundEvent.Unsupported("e2", "wecom", "x", f.clock.instant()))
        .block();
  }
}
