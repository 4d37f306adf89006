package io.salesbot.core.command;

import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import org.junit.jupiter.api.Test;

class NotRegisteredAndWelcomeTest {
  static final Address STRANGER = new Address("wecom", "Stranger");

  private final PipelineFixture f = new PipelineFixture();
  private int n;

  private String say(Address who, String text) {
    f.outbox.clear();
    String id = "m" + (++n);
    f.dispatcher.handle(new InboundEvent.TextMessage(id, who, text, f.clock.instant())).block();
    SendText reply = f.outbox.commands(SendText.class).get(0);
    assertThat(reply.recipients()).containsExactly(who);
    assertThat(reply.commandId()).isEqualTo("reply-" + id);
    return reply.text();
  }

  @Test
  void people_in_no_team_are_told_politely_except_for_help() {
    assertThat(say(STRANGER, "/pool")).isEqualTo("reply.notRegistered");
    assertThat(say(STRANGER, "/我的线索")).isEqualTo("reply.notRegistered");
    assertThat(say(STRANGER, "/assign #abc 李四")).isEqualTo("reply.notRegistered");
    assertThat(say(STRANGER, "/frobnicate")).isEqualTo("reply.notRegistered");
    assertThat(say(STRANGER, "你好")).isEqualTo("reply.notRegistered");
    assertThat(say(STRANGER, "/help")).isEqualTo("reply.help");
    assertThat(say(STRANGER, " /帮助 pool")).startsWith("command.pool.help");
    // reps and managers are served as before
    assertThat(say(LISI, "你好")).isEqualTo("reply.hint");
    assertThat(say(EAST_MANAGER, "/leads")).isEqualTo("reply.myLeads.none");
  }

  @Test
  void a_rep_who_opens_the_app_gets_a_welcome_card_with_command_buttons() {
    InboundEvent.Entered entered = new InboundEvent.Entered("e1", LISI, f.clock.instant());

    f.dispatcher.handle(entered).block();

    DeliverCard sent = f.outbox.commands(DeliverCard.class).get(0);
    assertThat(sent.commandId()).isEqualTo("welcome-e1");
    assertThat(sent.recipients()).containsExactly(LISI);
    Card card = sent.card();
    assertThat(card.type()).isEqualTo(CardType.WELCOME);
    assertThat(card.title()).isEqualTo("card.welcome.title(李四)");
    assertThat(card.elements()).doesNotContain(new CardElement.Text("card.welcome.manager"));
    assertThat(card.buttons())
        .extracting(CardButton::action, CardButton::payload)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(CommandCards.COMMAND, "/leads"),
            org.assertj.core.groups.Tuple.tuple(CommandCards.COMMAND, "/pool"),
            org.assertj.core.groups.Tuple.tuple(CommandCards.COMMAND, "/help"));
  }

  @Test
  void a_manager_is_reminded_of_their_commands_and_a_stranger_gets_the_text() {
    f.dispatcher.handle(new InboundEvent.Entered("e2", EAST_MANAGER, f.clock.instant())).block();
    Card card = f.outbox.commands(DeliverCard.class).get(0).card();
    assertThat(card.title()).isEqualTo("card.welcome.title(赵六)");
    assertThat(card.elements()).contains(new CardElement.Text("card.welcome.manager"));

    f.outbox.clear();
    f.dispatcher.handle(new InboundEvent.Entered("e3", STRANGER, f.clock.instant())).block();
    assertThat(f.outbox.commands(DeliverCard.class)).isEmpty();
    SendText text = f.outbox.commands(SendText.class).get(0);
    assertThat(text.text()).isEqualTo("reply.notRegistered");
    assertThat(text.commandId()).isEqualTo("reply-e3");
  }

  @Test
  void a_person_is_welcomed_once_and_not_again_for_30_days() {
    // WeCom sends enter_agent on every entry into the app.
    f.dispatcher.handle(new InboundEvent.Entered("e10", LISI, f.clock.instant())).block();
    f.clock.advance(java.time.Duration.ofMinutes(1));
    f.dispatcher.handle(new InboundEvent.Entered("e11", LISI, f.clock.instant())).block();
    f.clock.advance(java.time.Duration.ofDays(29));
    f.dispatcher.handle(new InboundEvent.Entered("e12", LISI, f.clock.instant())).block();
    assertThat(f.outbox.commands(DeliverCard.class))
        .extracting(DeliverCard::commandId)
        .containsExactly("welcome-e10");

    f.clock.advance(java.time.Duration.ofDays(1));
    f.dispatcher.handle(new InboundEvent.Entered("e13", LISI, f.clock.instant())).block();
    assertThat(f.outbox.commands(DeliverCard.class))
        .extracting(DeliverCard::commandId)
        .containsExactly("welcome-e10", "welcome-e13");
  }

  @Test
  void a_redelivered_entry_still_greets_and_a_stranger_is_told_once() {
    InboundEvent.Entered entered = new InboundEvent.Entered("e20", LISI, f.clock.instant());
    f.dispatcher.handle(entered).block();
    f.dispatcher.handle(entered).block(); // the queue redelivers: same event, same command id
    assertThat(f.outbox.commands(DeliverCard.class))
        .extracting(DeliverCard::commandId)
        .containsExactly("welcome-e20", "welcome-e20");

    f.dispatcher.handle(new InboundEvent.Entered("e21", STRANGER, f.clock.instant())).block();
    f.dispatcher.handle(new InboundEvent.Entered("e22", STRANGER, f.clock.instant())).block();
    assertThat(f.outbox.commands(SendText.class))
        .extracting(SendText::commandId)
        .containsExactly("reply-e21");
  }

  @Test
  void a_command_button_does_what_typing_the_command_does() {
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "c1", LISI, "welcome-e1", CommandCards.COMMAND, "/leads", f.clock.instant()))
        .block();

    SendText reply = f.outbox.commands(SendText.class).get(0);
    assertThat(reply.text()).isEqualTo("reply.myLeads.none");
    assertThat(reply.commandId()).isEqualTo("reply-c1");
  }

  @Test
  void an_entered_event_survives_the_queue_codec() {
    InboundEvent.Entered entered =
        new InboundEvent.Entered("wecom-1-evt-x", LISI, f.clock.instant());
    assertThat(InboundEventCodec.decode(InboundEventCodec.encode(entered))).isEqualTo(entered);
    assertThat(InboundEventCodec.encode(entered)).containsEntry("type", "entered");
  }
}
