package io.salesbot.adapter.sandbox;

import static io.salesbot.adapter.sandbox.Fixtures.LISI;
import static io.salesbot.adapter.sandbox.Fixtures.QIAN_WECOM;
import static io.salesbot.adapter.sandbox.Fixtures.ZHANGSAN;
import static io.salesbot.adapter.sandbox.Fixtures.claimed;
import static io.salesbot.adapter.sandbox.Fixtures.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.adapter.sandbox.InboxItem.CardItem;
import io.salesbot.adapter.sandbox.InboxItem.TextItem;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.platform.domain.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SandboxPlatformTest {
  private final Fixtures.TestClock clock = new Fixtures.TestClock();
  private final SandboxPlatform platform = new SandboxPlatform(clock);

  @Test
  void id_is_sandbox() {
    assertThat(platform.id()).isEqualTo("sandbox");
  }

  @Test
  void sendCard_puts_the_card_in_every_recipients_inbox_with_one_delivery_each() {
    List<Delivery> deliveries =
        platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN, LISI)).block().delivered();

    assertThat(deliveries)
        .extracting(Delivery::commandId, Delivery::recipient)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cmd-1", ZHANGSAN),
            org.assertj.core.groups.Tuple.tuple("cmd-1", LISI));
    assertThat(deliveries)
        .extracting(Delivery::platformRef)
        .allMatch(r -> r.startsWith("sandbox-msg-"))
        .doesNotHaveDuplicates();
    assertThat(cardIn(ZHANGSAN, "c1").version()).isEqualTo(1);
    assertThat(cardIn(LISI, "c1").version()).isEqualTo(1);
  }

  @Test
  void sending_the_same_card_again_lands_once_with_the_same_ref() {
    Delivery first =
        platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN)).block().delivered().get(0);
    Delivery again =
        platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN)).block().delivered().get(0);

    assertThat(again.platformRef()).isEqualTo(first.platformRef());
    assertThat(inbox(ZHANGSAN)).hasSize(1);
  }

  @Test
  void update_replaces_the_card_when_the_version_is_newer_or_equal_and_keeps_its_ref() {
    String ref =
        platform
            .sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN))
            .block()
            .delivered()
            .get(0)
            .platformRef();
    clock.advance(Duration.ofMinutes(1));

    Delivery updated =
        platform
            .updateCard("cmd-2", claimed("c1", 2), List.of(ZHANGSAN))
            .block()
            .delivered()
            .get(0);

    assertThat(updated.platformRef()).isEqualTo(ref);
    CardItem item = (CardItem) inbox(ZHANGSAN).get(0);
    assertThat(item.card().version()).isEqualTo(2);
    assertThat(item.card().buttons()).isEmpty();
    assertThat(item.updatedAt()).isAfter(item.receivedAt());
    assertThat(inbox(ZHANGSAN)).hasSize(1);
  }

  @Test
  void an_older_update_never_overwrites_a_newer_card() {
    platform.sendCard("cmd-1", offer("c1", 3), List.of(ZHANGSAN)).block();

    StepVerifier.create(platform.updateCard("cmd-2", claimed("c1", 2), List.of(ZHANGSAN)))
        .assertNext(d -> assertThat(d.delivered()).hasSize(1))
        .verifyComplete();

    assertThat(cardIn(ZHANGSAN, "c1").version()).isEqualTo(3);
    assertThat(cardIn(ZHANGSAN, "c1").type()).isEqualTo(offer("c1", 3).type());
  }

  @Test
  void update_touches_only_the_given_recipients() {
    platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN, LISI)).block();

    platform.updateCard("cmd-2", claimed("c1", 2), List.of(LISI)).block();

    assertThat(cardIn(ZHANGSAN, "c1").version()).isEqualTo(1);
    assertThat(cardIn(LISI, "c1").version()).isEqualTo(2);
  }

  @Test
  void an_update_for_a_card_the_user_never_got_adds_it() {
    platform.updateCard("cmd-2", claimed("c9", 2), List.of(LISI)).block();

    assertThat(cardIn(LISI, "c9").version()).isEqualTo(2);
  }

  @Test
  void sendText_adds_a_text_once_per_command() {
    Delivery first = platform.sendText("t-1", "你好", List.of(ZHANGSAN)).block().delivered().get(0);
    Delivery again = platform.sendText("t-1", "你好", List.of(ZHANGSAN)).block().delivered().get(0);

    assertThat(again.platformRef()).isEqualTo(first.platformRef());
    assertThat(inbox(ZHANGSAN))
        .singleElement()
        .isInstanceOfSatisfying(TextItem.class, t -> assertThat(t.text()).isEqualTo("你好"));
  }

  @Test
  void sendImage_adds_the_chart_url_and_caption_once_per_command() {
    String id = "ab".repeat(32);
    Delivery first =
        platform.sendImage("i-1", id, "销售漏斗", List.of(ZHANGSAN)).block().delivered().get(0);
    Delivery again =
        platform.sendImage("i-1", id, "销售漏斗", List.of(ZHANGSAN)).block().delivered().get(0);

    assertThat(again.platformRef()).isEqualTo(first.platformRef());
    assertThat(inbox(ZHANGSAN))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.ImageItem.class,
            i -> {
              assertThat(i.url()).isEqualTo("/charts/" + id + ".png");
              assertThat(i.caption()).isEqualTo("销售漏斗");
            });
  }

  @Test
  void inbox_is_newest_first_and_an_updated_card_keeps_its_place() {
    platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN)).block();
    clock.advance(Duration.ofSeconds(1));
    platform.sendText("t-1", "hello", List.of(ZHANGSAN)).block();
    clock.advance(Duration.ofSeconds(1));
    platform.sendCard("cmd-2", offer("c2", 1), List.of(ZHANGSAN)).block();
    platform.updateCard("cmd-3", claimed("c1", 2), List.of(ZHANGSAN)).block();

    List<InboxItem> items = inbox(ZHANGSAN);
    assertThat(items).hasSize(3);
    assertThat(((CardItem) items.get(0)).card().cardId()).isEqualTo("c2");
    assertThat(items.get(1)).isInstanceOf(TextItem.class);
    assertThat(((CardItem) items.get(2)).card().version()).isEqualTo(2);
  }

  @Test
  void a_non_sandbox_address_is_rejected_and_nobody_gets_the_card() {
    StepVerifier.create(platform.sendCard("cmd-1", offer("c1", 1), List.of(ZHANGSAN, QIAN_WECOM)))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wecom:QianLiu")
                    .hasMessageContaining("sandbox:<userId>"))
        .verify();
    StepVerifier.create(platform.sendText("t-1", "x", List.of(QIAN_WECOM)))
        .expectError(IllegalArgumentException.class)
        .verify();

    assertThat(platform.inbox("zhangsan")).isEmpty();
  }

  @Test
  void an_inbox_keeps_only_the_newest_items() {
    int extra = 5;
    for (int i = 0; i < SandboxPlatform.MAX_ITEMS_PER_INBOX + extra; i++) {
      platform.sendText("t-" + i, "m" + i, List.of(ZHANGSAN)).block();
    }

    List<InboxItem> items = inbox(ZHANGSAN);
    assertThat(items).hasSize(SandboxPlatform.MAX_ITEMS_PER_INBOX);
    assertThat(((TextItem) items.get(0)).text())
        .isEqualTo("m" + (SandboxPlatform.MAX_ITEMS_PER_INBOX + extra - 1));
    assertThat(((TextItem) items.get(items.size() - 1)).text()).isEqualTo("m" + extra);
  }

  @Test
  void concurrent_deliveries_are_all_kept_and_the_newest_version_wins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int i = 1; i <= 100; i++) {
        int n = i;
        futures.add(pool.submit(() -> platform.sendText("t-" + n, "m" + n, List.of(LISI)).block()));
        futures.add(
            pool.submit(
                () -> platform.updateCard("u-" + n, offer("c1", n), List.of(LISI)).block()));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(inbox(LISI)).hasSize(101);
    assertThat(cardIn(LISI, "c1").version()).isEqualTo(100);
  }

  private List<InboxItem> inbox(Address user) {
    return platform.inbox(user.userId()).orElseThrow().newestFirst();
  }

  private Card cardIn(Address user, String cardId) {
    return platform.inbox(user.userId()).orElseThrow().card(cardId).orElseThrow();
  }

  @Test
  void resolves_the_people_of_the_configured_teams_only() {
    SandboxPlatform withTeams = new SandboxPlatform(clock, Fixtures.directory());
    io.salesbot.core.kernel.domain.UserProfile profile = withTeams.resolveUser(ZHANGSAN).block();
    assertThat(profile).isNotNull();
    assertThat(profile.address()).isEqualTo(ZHANGSAN);
    assertThat(profile.name()).isNotBlank().isNotEqualTo(ZHANGSAN.toString());
    assertThat(
            withTeams
                .resolveUser(io.salesbot.core.kernel.domain.Address.parse("sandbox:stranger"))
                .block())
        .isNull();
    assertThat(withTeams.resolveUser(QIAN_WECOM).block()).isNull();
    assertThat(platform.resolveUser(ZHANGSAN).block()).isNull();
  }
}
