package io.salesbot.core.routing;

import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.WANGWU;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.domain.TeamChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A team's announcer (a WeCom group robot) sees its grab offers besides the reps or the group. */
class TeamAnnouncerTest {
  private static final Address ROBOT = new Address("wecom-robot", "east-sales");
  private static final Address GROUP = Address.group("sandbox", "cid-east==");

  private final PipelineFixture f = new PipelineFixture();

  private List<DeliverCard> offers(String intakeId) {
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
        .toList();
  }

  @Test
  void an_announcer_gets_the_offer_as_its_own_command_after_the_reps() {
    assertThat(offers("none")).hasSize(1);

    f.channels.announceTo("east", ROBOT);
    List<DeliverCard> sent = offers("robot");

    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).recipients()).containsExactly(ZHANGSAN, LISI, WANGWU);
    assertThat(sent.get(0).commandId()).doesNotEndWith("-wecom-robot");
    assertThat(sent.get(1).recipients()).containsExactly(ROBOT);
    assertThat(sent.get(1).commandId()).isEqualTo(sent.get(0).commandId() + "-wecom-robot");
    assertThat(sent.get(1).card()).isEqualTo(sent.get(0).card());
  }

  @Test
  void a_bound_group_still_replaces_the_reps_and_the_announcer_comes_after_it() {
    f.channels.bind(new TeamChannel("east", GROUP, ZHANGSAN, f.clock.instant())).block();
    f.channels.announceTo("east", ROBOT);

    assertThat(offers("bound").stream().flatMap(c -> c.recipients().stream()))
        .containsExactly(GROUP, ROBOT);
  }

  @Test
  void fixed_announcers_answer_only_for_their_teams_and_keep_the_bindings() {
    TeamChannels wrapped = TeamChannels.withAnnouncers(f.channels, Map.of("east", ROBOT));
    f.channels.bind(new TeamChannel("east", GROUP, ZHANGSAN, f.clock.instant())).block();

    assertThat(wrapped.announcer("east").block()).isEqualTo(ROBOT);
    assertThat(wrapped.announcer("south").block()).isNull();
    assertThat(wrapped.find("east").block().channel()).isEqualTo(GROUP);
    assertThat(TeamChannels.withAnnouncers(f.channels, Map.of())).isSameAs(f.channels);
  }
}
