package io.salesbot.core.command;

import static io.salesbot.core.testing.TestTeams.CHENQI;
import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.WANGWU;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.platform.MonthlyQuota;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlashCommandsTest {
  private final PipelineFixture f = new PipelineFixture();
  private int n;

  private Lead lead(String intakeId, String region) {
    LeadSubmission s =
        new LeadSubmission(
            intakeId,
            "web",
            "客户" + intakeId,
            null,
            null,
            region,
            null,
            null,
            null,
            null,
            null,
            Map.of(),
            Priority.NORMAL);
    f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())).block();
    return f.leads.findByIntakeId(intakeId).block();
  }

  private String say(Address who, String text) {
    f.outbox.clear();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("m" + (++n), who, text, f.clock.instant()))
        .block();
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.commandId().equals("reply-m" + n))
        .map(SendText::text)
        .findFirst()
        .orElse("");
  }

  @Test
  void help_names_each_command_and_its_aliases() {
    assertThat(say(LISI, "/help assign"))
        .isEqualTo(
            "command.assign.help\nreply.usage(command.assign.usage)\nreply.aliases(/assign /分配)");
    assertThat(say(LISI, "/帮助 /改派")).startsWith("command.reassign.help");
    assertThat(say(LISI, "/help nothing")).isEqualTo("reply.help");
  }

  @Test
  void reps_get_a_refusal_and_malformed_commands_their_usage() {
    assertThat(say(LISI, "/assign #abcdef12 李四")).isEqualTo("reply.managerOnly");
    assertThat(say(LISI, "/改派 a b")).isEqualTo("reply.managerOnly");
    assertThat(say(EAST_MANAGER, "/assign")).isEqualTo("reply.usage(command.assign.usage)");
    assertThat(say(LISI, "/duty maybe")).isEqualTo("reply.usage(command.duty.usage)");
    assertThat(say(LISI, "/sla 90d")).isEqualTo("reply.usage(command.sla.usage)");
    assertThat(say(LISI, "/pool x")).isEqualTo("reply.usage(command.pool.usage)");
    assertThat(say(LISI, "/why")).isEqualTo("reply.usage(command.why.usage)");
    assertThat(say(LISI, "/duty lisi off")).isEqualTo("reply.managerOnly");
  }

  @Test
  void pool_shows_a_card_with_claim_buttons_and_assign_moves_a_lead() {
    Lead a = lead("a", "华东");
    lead("b", "华东");
    lead("c", "华南");
    say(LISI, "/公海");
    DeliverCard pool = f.outbox.commands(DeliverCard.class).get(0);
    assertThat(pool.card().type()).isEqualTo(CardType.POOL);
    assertThat(pool.recipients()).containsExactly(LISI);
    assertThat(pool.card().buttons()).hasSize(2).allMatch(b -> b.action().equals("claim"));

    assertThat(say(EAST_MANAGER, "/分配 #" + a.shortId() + " 李四"))
        .isEqualTo("reply.assigned(客户a,李四)");
    assertThat(f.leads.findById(a.id()).block().owner()).isEqualTo(LISI);
    assertThat(f.clocks.find(a.id()).block().owner()).isEqualTo(LISI);
    assertThat(say(EAST_MANAGER, "/assign " + a.shortId() + " wangwu"))
        .startsWith("reply.useReassign");
    assertThat(say(EAST_MANAGER, "/reassign " + a.shortId() + " sandbox:wangwu"))
        .isEqualTo("reply.assigned(客户a,王五)");
    assertThat(f.leads.findById(a.id()).block().owner()).isEqualTo(WANGWU);
    assertThat(say(EAST_MANAGER, "/reassign " + a.shortId() + " 陈七"))
        .startsWith("reply.unknownRep");
    assertThat(say(EAST_MANAGER, "/reassign zz 陈七")).startsWith("reply.leadRefTooShort");
    assertThat(say(EAST_MANAGER, "/reassign ffffffff 王五")).startsWith("reply.leadNotFoundRef");

    assertThat(say(WANGWU, "/我的线索")).startsWith("reply.myLeads(1)").contains("#" + a.shortId());
    assertThat(say(ZHANGSAN, "/leads")).isEqualTo("reply.myLeads.none");
    assertThat(say(EAST_MANAGER, "/why #" + a.shortId()))
        .contains("created", "routed", "assigned", "reassigned", "by 赵六");
    assertThat(say(CHENQI, "/why #" + a.shortId())).startsWith("reply.notYourTeam");
    assertThat(say(EAST_MANAGER, "/sla")).startsWith("reply.sla(华东销售一组,7,1,0,-,-,");
  }

  @Test
  void managers_see_the_waiting_outbox_in_sla_and_reps_do_not() {
    f.waiting = Map.of("wecom", 12L, "dingtalk", 0L);
    f.outbox.clear();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("b1", EAST_MANAGER, "/sla", f.clock.instant()))
        .block();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("b2", LISI, "/sla", f.clock.instant()))
        .block();

    List<SendText> texts = f.outbox.commands(SendText.class);
    assertThat(texts.get(0).text())
        .startsWith("reply.sla(华东销售一组,")
        .endsWith("\nreply.sla.backlog(wecom 12)");
    assertThat(texts.get(1).text()).startsWith("reply.sla(").doesNotContain("backlog");
  }

  @Test
  void managers_see_this_months_dingtalk_quota_use_in_sla_and_reps_do_not() {
    f.monthlyQuotas =
        List.of(
            new MonthlyQuota.Use("dingtalk", "api", YearMonth.of(2026, 5), 4120, 5000),
            new MonthlyQuota.Use("dingtalk", "push", YearMonth.of(2026, 5), 300, 3000));

    assertThat(say(EAST_MANAGER, "/sla"))
        .startsWith("reply.sla(华东销售一组,")
        .endsWith(
            "\nreply.sla.quota.dingtalk.api(4120,5000,82)"
                + "\nreply.sla.quota.dingtalk.push(300,3000,10)");
    assertThat(say(LISI, "/sla")).startsWith("reply.sla(").doesNotContain("quota");
  }

  @Test
  void duty_off_keeps_a_rep_out_of_offers() {
    assertThat(say(LISI, "/值班 off")).isEqualTo("reply.dutyOff");
    lead("x", "华东");
    assertThat(f.outbox.commands(DeliverCard.class).get(0).recipients())
        .containsExactly(ZHANGSAN, WANGWU);
    assertThat(say(EAST_MANAGER, "/duty 李四 on")).isEqualTo("reply.dutyOnFor(李四)");
    assertThat(f.routing.offDuty(List.of(LISI)).block()).isEmpty();
  }
}
