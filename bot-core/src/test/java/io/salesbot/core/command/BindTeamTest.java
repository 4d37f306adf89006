package io.salesbot.core.command;

import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.SOUTH_MANAGER;
import static io.salesbot.core.testing.TestTeams.WANGWU;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.DistributeLead;
import io.salesbot.core.team.domain.Team;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@code /bind-team} and {@code /unbind-team}, and where grab offers go with a binding. */
class BindTeamTest {
  private static final Address GROUP = Address.group("sandbox", "cid-east==");
  private static final Address OTHER_GROUP = Address.group("sandbox", "cid-other==");

  private final PipelineFixture f = new PipelineFixture();
  private int n;

  /** Says {@code text} (in {@code group} if given); returns the reply and checks where it went. */
  private String say(Address who, @Nullable Address group, String text) {
    f.outbox.clear();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("m" + (++n), who, text, f.clock.instant(), group))
        .block();
    SendText reply =
        f.outbox.commands(SendText.class).stream()
            .filter(t -> t.commandId().equals("reply-m" + n))
            .findFirst()
            .orElseThrow();
    assertThat(reply.recipients()).containsExactly(group == null ? who : group);
    return reply.text();
  }

  private List<Address> offerRecipients(String intakeId) {
    f.outbox.clear();
    LeadSubmission s =
        new LeadSubmission(
            intakeId,
            "web",
            "客户" + intakeId,
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
    return f.outbox.commands(DeliverCard.class).stream()
        .filter(c -> c.commandId().startsWith("offer-"))
        .flatMap(c -> c.recipients().stream())
        .toList();
  }

  @Test
  void a_manager_binds_the_team_in_a_group_and_grab_offers_go_there_instead_of_to_each_rep() {
    assertThat(offerRecipients("before")).containsExactly(ZHANGSAN, LISI, WANGWU);

    assertThat(say(EAST_MANAGER, GROUP, "/bind-team east")).isEqualTo("reply.teamBound(华东销售一组)");
    assertThat(f.channels.find("east").block().channel()).isEqualTo(GROUP);
    assertThat(f.channels.find("east").block().boundBy()).isEqualTo(EAST_MANAGER);
    assertThat(offerRecipients("bound")).containsExactly(GROUP);

    // Binding again in another group (by name, with the Chinese alias) moves it.
    assertThat(say(EAST_MANAGER, OTHER_GROUP, "/绑定群 华东销售一组")).isEqualTo("reply.teamBound(华东销售一组)");
    assertThat(offerRecipients("moved")).containsExactly(OTHER_GROUP);

    assertThat(say(EAST_MANAGER, OTHER_GROUP, "/解绑群")).isEqualTo("reply.teamUnbound(华东销售一组)");
    assertThat(f.channels.find("east").block()).isNull();
    assertThat(offerRecipients("unbound")).containsExactly(ZHANGSAN, LISI, WANGWU);
  }

  @Test
  void a_recycled_lead_goes_back_to_the_bound_group_too() {
    say(EAST_MANAGER, GROUP, "/bind-team east");
    offerRecipients("again");
    Lead lead = f.leads.findByIntakeId("again").block();
    Team east = f.directory.team("east").orElseThrow();
    f.outbox.clear();

    new DistributeLead(f.leads, f.routing, f.offers, f.timers, f.policies, f.talk, f.channels)
        .offerRecycled(lead, east, ZHANGSAN)
        .block();

    assertThat(f.outbox.commands(DeliverCard.class))
        .filteredOn(c -> c.commandId().startsWith("recycled-"))
        .flatExtracting(DeliverCard::recipients)
        .containsExactly(GROUP);
  }

  @Test
  void nobody_available_means_no_card_for_the_group_either() {
    say(EAST_MANAGER, GROUP, "/bind-team east");
    for (Address rep : List.of(ZHANGSAN, LISI, WANGWU)) {
      say(rep, null, "/duty off");
    }
    assertThat(offerRecipients("nobody")).isEmpty();
    assertThat(f.outbox.commands(SendText.class))
        .anySatisfy(t -> assertThat(t.recipients()).containsExactly(EAST_MANAGER));
  }

  @Test
  void reps_are_refused_and_mistakes_get_a_clear_answer() {
    assertThat(say(LISI, GROUP, "/bind-team east")).isEqualTo("reply.managerOnly");
    assertThat(say(LISI, GROUP, "/unbind-team")).isEqualTo("reply.managerOnly");
    assertThat(say(EAST_MANAGER, GROUP, "/bind-team north"))
        .isEqualTo("reply.unknownTeam(north,华东销售一组 (east))");
    assertThat(say(SOUTH_MANAGER, GROUP, "/bind-team east"))
        .isEqualTo("reply.notYourTeamToBind(华东销售一组)");
    assertThat(say(EAST_MANAGER, null, "/bind-team east")).isEqualTo("reply.bindTeam.notInGroup");
    assertThat(say(EAST_MANAGER, GROUP, "/bind-team"))
        .isEqualTo("reply.usage(command.bindTeam.usage)");
    assertThat(say(EAST_MANAGER, null, "/unbind-team"))
        .isEqualTo("reply.usage(command.unbindTeam.usage)");
    assertThat(say(EAST_MANAGER, GROUP, "/unbind-team")).isEqualTo("reply.noTeamBoundHere");
    assertThat(say(EAST_MANAGER, null, "/unbind-team east"))
        .isEqualTo("reply.teamNotBound(华东销售一组)");
    assertThat(f.channels.find("east").block()).isNull();
  }

  @Test
  void a_manager_can_unbind_by_name_from_anywhere_but_only_their_own_team() {
    say(EAST_MANAGER, GROUP, "/bind-team east");
    assertThat(say(SOUTH_MANAGER, GROUP, "/unbind-team")).isEqualTo("reply.noTeamBoundHere");
    assertThat(say(SOUTH_MANAGER, null, "/unbind-team east"))
        .isEqualTo("reply.notYourTeamToBind(华东销售一组)");
    assertThat(f.channels.find("east").block()).isNotNull();
    assertThat(say(EAST_MANAGER, null, "/解绑群 华东销售一组")).isEqualTo("reply.teamUnbound(华东销售一组)");
    assertThat(f.channels.find("east").block()).isNull();
  }

  @Test
  void replies_to_a_group_message_go_to_the_group_and_the_conversation_survives_the_queue() {
    assertThat(say(ZHANGSAN, GROUP, "/help")).isEqualTo("reply.help");
    InboundEvent.TextMessage m =
        new InboundEvent.TextMessage("e1", ZHANGSAN, "/help", f.clock.instant(), GROUP);
    assertThat(InboundEventCodec.decode(InboundEventCodec.encode(m))).isEqualTo(m);
    InboundEvent.TextMessage direct =
        new InboundEvent.TextMessage("e2", ZHANGSAN, "/help", f.clock.instant());
    assertThat(InboundEventCodec.encode(direct)).doesNotContainKey("conversation");
    assertThat(InboundEventCodec.decode(InboundEventCodec.encode(direct))).isEqualTo(direct);
    assertThat(Address.parse(GROUP.toString())).isEqualTo(GROUP);
    assertThat(GROUP.isGroup()).isTrue();
    assertThat(GROUP.conversationId()).isEqualTo("cid-east==");
    assertThat(ZHANGSAN.isGroup()).isFalse();
  }
}
