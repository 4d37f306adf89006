package io.salesbot.core.stage;

import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage;
import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage.Media;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.domain.Evidence;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The place in a photo's watermark (time · place · rep): WeCom sends no location with a picture, so
 * it is the sender's latest location message within {@code salesbot.evidence.location-window} (30
 * minutes here, the default) before the photo, else 位置未知 — never someone else's.
 */
class PhotoWatermarkTest {
  private final PipelineFixture f = new PipelineFixture();
  private int n;
  private Lead lead;

  /** A deal of 李四 in 方案呈现, whose ⑦ 方案演示 takes a photo. */
  @BeforeEach
  void a_deal_in_proposal() {
    LeadSubmission s =
        new LeadSubmission(
            "w1",
            "web",
            "客户丙",
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
    lead = f.leads.findByIntakeId("w1").block();
    click(LISI, "claim", lead.id());
    click(LISI, "contacted", lead.id() + ":PHONE");
    prove("12月20日 上门沟通", "appointment");
    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    prove("需求调研：门店线索分发", "needs-notes");
    prove("决策人：王总 采购总监", "decision-maker");
    prove("预算 50万", "budget");
    click(LISI, DealCards.ADVANCE, lead.id() + ":1");
    assertThat(f.deals.find(lead.id()).block().stage()).isEqualTo(2);
  }

  private void click(Address who, String action, String payload) {
    f.outbox.clear();
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "c" + (++n), who, "card", action, payload, f.clock.instant()))
        .block();
  }

  private void prove(String note, String checkpoint) {
    f.outbox.clear();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("m" + (++n), LISI, note, f.clock.instant()))
        .block();
    CardButton b =
        f.outbox.commands(DeliverCard.class).stream()
            .map(DeliverCard::card)
            .filter(c -> c.type() == CardType.CHOICE)
            .flatMap(c -> c.buttons().stream())
            .filter(x -> x.payload().endsWith(":" + checkpoint))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no button for " + checkpoint));
    click(LISI, b.action(), b.payload());
  }

  private String location(Address who, String label) {
    f.outbox.clear();
    String id = "loc" + (++n);
    f.dispatcher
        .handle(
            new MediaMessage(
                id,
                who,
                Media.LOCATION,
                null,
                null,
                null,
                new InboundEvent.Location(31.2304, 121.4737, label),
                f.clock.instant(),
                null))
        .block();
    return id;
  }

  /** 李四 sends a photo; its watermark. */
  private String photo() {
    String id = "p" + (++n);
    f.media.add(id, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) n}, "image/jpeg", id + ".jpg");
    f.dispatcher
        .handle(
            new MediaMessage(
                id, LISI, Media.PHOTO, id, id + ".jpg", null, null, f.clock.instant(), null))
        .block();
    Evidence e = f.evidence.find("ev-" + id).block();
    assertThat(e).as("the photo was kept").isNotNull();
    return e.watermark();
  }

  @Test
  void the_place_is_the_reps_last_location_within_the_window() {
    location(LISI, "上海市黄浦区");
    f.clock.advance(Duration.ofMinutes(10));
    location(LISI, "上海市浦东新区");
    f.clock.advance(Duration.ofMinutes(29));

    assertThat(photo())
        .startsWith("evidence.watermark(")
        .contains(",上海市浦东新区,李四)")
        .doesNotContain("黄浦");
  }

  @Test
  void past_the_window_or_without_a_location_the_place_is_unknown() {
    assertThat(photo()).contains(",evidence.noPlace,李四)");

    location(LISI, "上海市黄浦区");
    f.clock.advance(Duration.ofMinutes(31));
    assertThat(photo()).contains(",evidence.noPlace,");
  }

  @Test
  void someone_elses_location_is_not_the_reps_place() {
    location(ZHANGSAN, "杭州市西湖区");
    assertThat(photo()).contains(",evidence.noPlace,李四)");
  }

  @Test
  void a_location_no_checkpoint_takes_is_kept_for_the_photos_that_follow() {
    String id = location(ZHANGSAN, "杭州市西湖区");
    assertThat(
            f.outbox.commands(SendText.class).stream()
                .map(SendText::text)
                .filter(t -> t.startsWith("reply."))
                .findFirst())
        .hasValue("reply.evidence.locationKept(杭州市西湖区,30)");
    assertThat(f.evidence.find("ev-" + id).block().location().label()).isEqualTo("杭州市西湖区");
  }
}
