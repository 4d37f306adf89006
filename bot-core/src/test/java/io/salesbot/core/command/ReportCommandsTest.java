package io.salesbot.core.command;

import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.SOUTH_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendImage;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.DealCards;
import io.salesbot.core.testing.RecordingChartRenderer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manager reports ({@code /funnel}, {@code /kpi}, {@code /stalled}, {@code /skips}) over the
 * core assembly: who may ask, how a period is read, and what goes out — a REPORT card with the
 * figures, then the charts as images.
 */
class ReportCommandsTest {
  private final PipelineFixture f = new PipelineFixture();
  private int n;
  private Lead lead;

  /** One deal for 李四 (east), claimed now and contacted: stage 0, nothing else. */
  @BeforeEach
  void one_claimed_deal_in_the_east() {
    LeadSubmission s =
        new LeadSubmission(
            "r1",
            "web",
            "客户甲",
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
    lead = f.leads.findByIntakeId("r1").block();
    click(LISI, "claim", lead.id());
    click(LISI, "contacted", lead.id() + ":PHONE");
  }

  private void click(Address who, String action, String payload) {
    f.outbox.clear();
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "c" + (++n), who, "card", action, payload, f.clock.instant()))
        .block();
  }

  /**
   * Sends a text a minute later (periods end now, exclusive) and returns everything that went out
   * for it, in order.
   */
  private List<OutboundCommand> say(Address who, String text) {
    f.clock.advance(Duration.ofMinutes(1));
    f.outbox.clear();
    f.charts.clear();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("m" + (++n), who, text, f.clock.instant()))
        .block();
    return f.outbox.commands();
  }

  private static String onlyText(List<OutboundCommand> out) {
    assertThat(out).hasSize(1).first().isInstanceOf(SendText.class);
    return ((SendText) out.get(0)).text();
  }

  private static Card reportCard(List<OutboundCommand> out) {
    assertThat(out.get(0)).isInstanceOf(DeliverCard.class);
    Card card = ((DeliverCard) out.get(0)).card();
    assertThat(card.type()).isEqualTo(CardType.REPORT);
    assertThat(((DeliverCard) out.get(0)).recipients()).containsExactly(EAST_MANAGER);
    return card;
  }

  private static String field(Card card, String label) {
    return card.elements().stream()
        .filter(e -> e instanceof CardElement.Field fd && fd.label().equals(label))
        .map(e -> ((CardElement.Field) e).value())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no field " + label + " in " + card.elements()));
  }

  @Test
  void funnel_answers_the_manager_with_a_card_of_figures_then_two_chart_images() {
    List<OutboundCommand> out = say(EAST_MANAGER, "/funnel");

    Card card = reportCard(out);
    assertThat(card.title()).isEqualTo("report.funnel.title(华东销售一组,report.period.lastDays(30))");
    // one open deal in 初步接触: now 1, stalled 0, reached 1, conversion from the first stage 100 %
    assertThat(field(card, "初步接触"))
        .startsWith("report.funnel.row(1,0,1,")
        .contains("report.value.percent(100.0)");
    assertThat(field(card, "需求诊断")).startsWith("report.funnel.row(0,0,0,");

    assertThat(out.subList(1, out.size()))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).isInstanceOf(SendImage.class));
    List<SendImage> images = f.outbox.commands(SendImage.class);
    assertThat(f.charts.charts())
        .extracting(c -> c.title())
        .containsExactly("report.funnel.chart(华东销售一组)", "report.dwell.chart(华东销售一组)");
    for (int i = 0; i < 2; i++) {
      SendImage image = images.get(i);
      assertThat(image.recipients()).containsExactly(EAST_MANAGER);
      assertThat(image.caption()).isEqualTo(f.charts.charts().get(i).title());
      assertThat(f.chartImages.find(image.imageId()).block())
          .isEqualTo(RecordingChartRenderer.imageOf(f.charts.charts().get(i)));
    }
    assertThat(images.get(0).imageId()).isNotEqualTo(images.get(1).imageId());
  }

  @Test
  void the_chinese_alias_and_a_named_team_and_period_answer_the_same_way() {
    Card card = reportCard(say(EAST_MANAGER, "/漏斗 east 7d"));
    assertThat(field(card, "初步接触")).startsWith("report.funnel.row(1,0,1,");
    Card byName = reportCard(say(EAST_MANAGER, "/funnel 华东销售一组 本月"));
    assertThat(field(byName, "初步接触")).startsWith("report.funnel.row(1,0,1,");
    assertThat(byName.title())
        .isEqualTo("report.funnel.title(华东销售一组,report.period.month(2026,11))");
  }

  @Test
  void kpi_compares_two_periods_on_a_card_then_sends_the_trend_chart() {
    f.clock.advance(Duration.ofDays(1));
    List<OutboundCommand> out = say(EAST_MANAGER, "/kpi 7d vs 30d");

    Card card = reportCard(out);
    assertThat(card.title()).startsWith("report.kpi.title(华东销售一组,");
    // one open deal, no stall, no moves, nothing won or lost yet
    assertThat(card.elements())
        .contains(
            new CardElement.Note(
                "report.kpi.periods(report.period.lastDays(7),report.period.lastDays(30))"));
    assertThat(field(card, "report.kpi.stall"))
        .startsWith("report.kpi.value(report.value.percent(0.0) (0/1),");
    assertThat(field(card, "report.kpi.inOrder")).startsWith("report.kpi.value(- (0/0),");
    assertThat(field(card, "report.kpi.winRate")).startsWith("report.kpi.value(- (0/0),");
    assertThat(out.subList(1, out.size())).singleElement().isInstanceOf(SendImage.class);
    assertThat(f.charts.charts())
        .singleElement()
        .satisfies(c -> assertThat(c.title()).isEqualTo("report.kpi.chart(华东销售一组)"));
  }

  @Test
  void kpi_compares_with_the_period_just_before_by_default() {
    assertThat(reportCard(say(EAST_MANAGER, "/kpi")).elements())
        .contains(
            new CardElement.Note(
                "report.kpi.periods(report.period.lastDays(30),report.period.daysBefore(30))"));
    assertThat(reportCard(say(EAST_MANAGER, "/kpi 上月")).elements())
        .contains(
            new CardElement.Note(
                "report.kpi.periods(report.period.month(2026,10),report.period.month(2026,09))"));
  }

  @Test
  void stalled_lists_a_deal_without_progress_past_sixty_days_and_sends_no_image() {
    assertThat(onlyText(say(EAST_MANAGER, "/stalled"))).isEqualTo("report.stalled.none(华东销售一组)");

    f.clock.advance(Duration.ofDays(61));
    List<OutboundCommand> out = say(EAST_MANAGER, "/停滞");

    Card card = reportCard(out);
    assertThat(out).hasSize(1);
    assertThat(card.title()).isEqualTo("report.stalled.title(华东销售一组,1)");
    assertThat(field(card, "#" + lead.shortId() + " 客户甲"))
        .isEqualTo("report.stalled.row(初步接触,李四,61)");
  }

  @Test
  void skips_lists_the_skip_requests_with_their_decision() {
    say(LISI, "/skip #" + lead.shortId() + " 客户直接要报价");
    String requestId =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.card().type() == CardType.SKIP_APPROVAL)
            .findFirst()
            .orElseThrow()
            .card()
            .buttons()
            .get(0)
            .payload();
    click(EAST_MANAGER, DealCards.APPROVE_SKIP, requestId);

    List<OutboundCommand> out = say(EAST_MANAGER, "/skips");

    Card card = reportCard(out);
    assertThat(out).hasSize(1);
    assertThat(card.title()).startsWith("report.skips.title(华东销售一组,").endsWith(",1)");
    assertThat(field(card, "#" + lead.shortId() + " 客户甲"))
        .startsWith("report.skips.row(初步接触,")
        .endsWith(",李四,客户直接要报价,report.skips.approved)");
  }

  @Test
  void a_manager_of_another_team_is_refused_and_nothing_else_is_sent() {
    for (String command : List.of("/funnel east", "/kpi 华东销售一组", "/stalled east", "/skips east")) {
      assertThat(onlyText(say(SOUTH_MANAGER, command)))
          .as(command)
          .isEqualTo("reply.report.notYourTeam(华东销售一组)");
    }
    assertThat(f.charts.charts()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/kpi 13月", "/funnel 0d", "/funnel 2099-01", "/skips 367d"})
  void a_bad_period_is_named_back_and_nothing_else_is_sent(String command) {
    String word = command.substring(command.indexOf(' ') + 1);
    assertThat(onlyText(say(EAST_MANAGER, command)))
        .isEqualTo("reply.report.badPeriod(" + word + ")");
    assertThat(f.charts.charts()).isEmpty();
  }

  @Test
  void a_bad_comparison_period_is_named_back_too() {
    assertThat(onlyText(say(EAST_MANAGER, "/kpi 7d vs 2099-01")))
        .isEqualTo("reply.report.badPeriod(2099-01)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/funnel", "/漏斗 east", "/kpi", "/指标 7d", "/stalled", "/skips"})
  void a_rep_is_refused_like_every_manager_command(String command) {
    assertThat(onlyText(say(LISI, command))).isEqualTo("reply.managerOnly");
    assertThat(f.charts.charts()).isEmpty();
  }

  @Test
  void an_unknown_team_names_the_teams_the_manager_has() {
    assertThat(onlyText(say(EAST_MANAGER, "/funnel nowhere")))
        .isEqualTo("reply.unknownTeam(nowhere,华东销售一组 (east))");
  }
}
