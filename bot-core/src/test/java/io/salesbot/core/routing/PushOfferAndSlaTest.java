package io.salesbot.core.routing;

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
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushOfferAndSlaTest {
  private final PipelineFixture f =
      new PipelineFixture(
          new TeamPolicies(
              Map.of("east", TeamPolicy.DEFAULT.withStrategy(Strategy.ROUND_ROBIN)),
              TeamPolicy.DEFAULT),
          List.of());
  private int presses;

  private Lead ingest(String intakeId) {
    LeadSubmission s =
        new LeadSubmission(
            intakeId,
            "web",
            "王先生",
            null,
            null,
            "华东",
            "制造",
            "CRM",
            null,
            null,
            null,
            Map.of(),
            Priority.HOT);
    f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())).block();
    return f.leads.findByIntakeId(intakeId).block();
  }

  private DeliverCard lastOffer() {
    List<DeliverCard> offers =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.card().type() == CardType.LEAD_PUSH_OFFER)
            .toList();
    return offers.get(offers.size() - 1);
  }

  private void press(Address who, String action, String payload) {
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "p" + (++presses), who, "c", action, payload, f.clock.instant()))
        .block();
  }

  private List<String> history(Lead lead) {
    return f.leads.history(lead.id()).map(AuditEntry::action).collectList().block();
  }

  private List<String> texts(Address to) {
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.recipients().contains(to))
        .map(SendText::text)
        .toList();
  }

  @Test
  void round_robin_offers_one_rep_at_a_time_in_turn() {
    Lead first = ingest("i1");
    DeliverCard offer = lastOffer();
    assertThat(offer.recipients()).containsExactly(ZHANGSAN);
    assertThat(offer.urgent()).as("a hot lead's offer overtakes routine cards").isTrue();
    assertThat(offer.card().buttons())
        .extracting(b -> b.action())
        .containsExactly("accept", "decline", "decline", "decline");
    assertThat(first.status()).isEqualTo(LeadStatus.POOLED);
    assertThat(f.leads.history(first.id()).collectList().block().get(2).reason())
        .isEqualTo("offer #1: round-robin turn 0 → 张三");
    ingest("i2");
    assertThat(lastOffer().recipients()).containsExactly(LISI);
    f.routing.setDuty(WANGWU, false, f.clock.instant()).block();
    Lead third = ingest("i3");
    assertThat(lastOffer().recipients()).containsExactly(ZHANGSAN);
    assertThat(f.leads.history(third.id()).collectList().block().get(2).reason())
        .isEqualTo("offer #1: round-robin turn 2 → 张三; skipped 王五: off duty");
  }

  @Test
  void decline_and_timeout_move_on_and_nobody_left_tells_the_manager() {
    Lead lead = ingest("i1");
    press(ZHANGSAN, "decline", lead.id() + ":1");
    assertThat(lastOffer().recipients()).containsExactly(LISI);
    assertThat(f.outbox.commands(UpdateCard.class).get(0).card().type())
        .isEqualTo(CardType.LEAD_OFFER_CLOSED);
    // A stale button of offer #1 changes nothing.
    press(ZHANGSAN, "accept", lead.id() + ":1");
    assertThat(texts(ZHANGSAN)).contains("reply.offerClosed");

    f.advance(Duration.ofMinutes(5));
    assertThat(lastOffer().recipients()).containsExactly(WANGWU);
    f.advance(Duration.ofMinutes(5));
    assertThat(history(lead))
        .containsSubsequence(
            "offered",
            "offer_declined",
            "offered",
            "offer_expired",
            "offered",
            "offer_expired",
            "offer_skipped");
    assertThat(texts(EAST_MANAGER)).singleElement().asString().startsWith("reply.nobodyAvailable");
    assertThat(f.leads.findById(lead.id()).block().status()).isEqualTo(LeadStatus.POOLED);
    // Firing again does nothing new.
    f.advance(Duration.ofMinutes(5));
    assertThat(texts(EAST_MANAGER)).hasSize(1);
  }

  @Test
  void accept_claims_starts_the_sla_and_contacted_stops_it() {
    Lead lead = ingest("i1");
    press(ZHANGSAN, "accept", lead.id() + ":1");
    Lead claimed = f.leads.findById(lead.id()).block();
    assertThat(claimed.owner()).isEqualTo(ZHANGSAN);
    UpdateCard card = f.outbox.commands(UpdateCard.class).get(0);
    assertThat(card.card().type()).isEqualTo(CardType.LEAD_CLAIMED_BY_YOU);
    assertThat(card.card().buttons())
        .extracting(b -> b.payload())
        .containsExactly(lead.id() + ":PHONE", lead.id() + ":WECHAT", lead.id() + ":VISIT");
    assertThat(f.clocks.find(lead.id()).block().dueAt())
        .isEqualTo(claimed.claimedAt().plus(Duration.ofMinutes(15)));

    f.advance(Duration.ofMinutes(10));
    assertThat(texts(ZHANGSAN)).anyMatch(t -> t.startsWith("reply.slaReminder"));
    press(ZHANGSAN, "contacted", lead.id() + ":WECHAT");
    assertThat(f.clocks.find(lead.id()).block().channel()).isEqualTo(ContactChannel.WECHAT);
    f.advance(Duration.ofMinutes(10));
    assertThat(f.outbox.commands(DeliverCard.class))
        .noneMatch(c -> c.card().type() == CardType.SLA_ESCALATION);
    assertThat(history(lead))
        .containsSubsequence("claimed", "sla_reminded", "contacted")
        .doesNotContain("sla_breached");
    // Somebody else's Contacted is refused.
    press(LISI, "contacted", lead.id() + ":PHONE");
    assertThat(texts(LISI)).contains("reply.notYourLead");
  }

  @Test
  void breach_escalates_once_and_the_manager_can_extend_or_recycle() {
    Lead lead = ingest("i1");
    press(ZHANGSAN, "accept", lead.id() + ":1");
    f.advance(Duration.ofMinutes(16));
    List<DeliverCard> escalations =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.card().type() == CardType.SLA_ESCALATION)
            .toList();
    assertThat(escalations)
        .singleElement()
        .satisfies(e -> assertThat(e.recipients()).containsExactly(EAST_MANAGER));
    String extendPayload = escalations.get(0).card().buttons().get(2).payload();

    // A rep may not use the manager's buttons.
    press(LISI, "sla-pool", lead.id());
    assertThat(texts(LISI)).contains("reply.managerOnly");

    press(EAST_MANAGER, "sla-extend", extendPayload);
    assertThat(history(lead)).contains("sla_extended");
    press(EAST_MANAGER, "sla-extend", extendPayload); // stale: changed nothing
    assertThat(texts(EAST_MANAGER)).contains("reply.leadChanged");
    f.advance(Duration.ofMinutes(16));
    assertThat(
            f.outbox.commands(DeliverCard.class).stream()
                .filter(c -> c.card().type() == CardType.SLA_ESCALATION))
        .hasSize(2);

    press(EAST_MANAGER, "sla-pool", lead.id());
    Lead back = f.leads.findById(lead.id()).block();
    assertThat(back.status()).isEqualTo(LeadStatus.POOLED);
    assertThat(texts(ZHANGSAN)).anyMatch(t -> t.startsWith("reply.leadMovedFromYou"));
    DeliverCard recycled =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.commandId().startsWith("recycled-"))
            .findFirst()
            .orElseThrow();
    assertThat(recycled.recipients()).containsExactly(LISI, WANGWU);
    press(LISI, "claim", lead.id());
    assertThat(f.leads.findById(lead.id()).block().owner()).isEqualTo(LISI);
    assertThat(history(lead))
        .containsSubsequence(
            "sla_breached", "sla_extended", "sla_breached", "recycled", "offered", "claimed");
  }

  @Test
  void claims_respect_the_caps() {
    PipelineFixture capped =
        new PipelineFixture(
            new TeamPolicies(
                Map.of(),
                new TeamPolicy(
                    Strategy.GRAB,
                    Duration.ofMinutes(5),
                    1,
                    0,
                    io.salesbot.core.routing.domain.WorkingHours.ALWAYS,
                    Duration.ofMinutes(15),
                    Duration.ofMinutes(5))),
            List.of());
    for (String id : List.of("a", "b")) {
      LeadSubmission s =
          new LeadSubmission(
              id,
              "web",
              id,
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
      capped.dispatcher.handle(new InboundEvent.LeadSubmitted(s, capped.clock.instant())).block();
    }
    List<Lead> all = capped.leads.all();
    for (Lead l : all) {
      capped
          .dispatcher
          .handle(
              new InboundEvent.CardAction(
                  "x" + l.id(), LISI, "c", "claim", l.id(), capped.clock.instant()))
          .block();
    }
    assertThat(capped.outbox.commands(DeliverCard.class))
        .filteredOn(c -> c.card().type() == CardType.LEAD_OFFER)
        .isNotEmpty()
        .noneMatch(DeliverCard::urgent);
    assertThat(capped.leads.all()).filteredOn(l -> LISI.equals(l.owner())).hasSize(1);
    assertThat(capped.outbox.commands(SendText.class))
        .extracting(OutboundCommand::commandId, SendText::text)
        .anyMatch(t -> t.toList().get(1).toString().startsWith("reply.capReached"));
  }
}
