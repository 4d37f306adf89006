package io.salesbot.adapter.sandbox;

import static io.salesbot.adapter.sandbox.Fixtures.LISI;
import static io.salesbot.adapter.sandbox.Fixtures.ZHANGSAN;
import static io.salesbot.adapter.sandbox.Fixtures.claimed;
import static io.salesbot.adapter.sandbox.Fixtures.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** The change notices live views (the web console) follow, and the users they pick from. */
class SandboxChangesTest {
  private final SandboxAdapterConfiguration sandbox =
      new SandboxAdapterConfiguration(
          new Fixtures.RecordingQueue(), Fixtures.directory(), new Fixtures.TestClock());

  @Test
  void every_delivery_notices_each_recipients_inbox_in_order() {
    StepVerifier.create(sandbox.inboxChanges().take(4))
        .then(() -> send("c1", List.of(ZHANGSAN, LISI)))
        .expectNext("zhangsan", "lisi")
        .then(
            () ->
                sandbox.platform().updateCard("cmd-2", claimed("c1", 2), List.of(ZHANGSAN)).block())
        .expectNext("zhangsan")
        .then(() -> sandbox.platform().sendText("cmd-3", "你好", List.of(LISI)).block())
        .expectNext("lisi")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  /**
   * The emulator's lost replies: a delivery whose notice came while another delivery's notice was
   * still being handled (a busy machine, a descheduled thread) spun 100 ms for the sink and then
   * dropped it, so the live view never re-read that inbox. Here the first notice's handler is held
   * until the second delivery has returned; both notices must still arrive, in order.
   */
  @Test
  void a_delivery_racing_another_for_the_live_views_loses_no_notice() throws Exception {
    CountDownLatch inFirst = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    Disposable watching =
        sandbox
            .inboxChanges()
            .subscribe(
                id -> {
                  seen.add(id);
                  if (seen.size() == 1) {
                    inFirst.countDown();
                    awaitQuietly(release);
                  }
                });
    try {
      CompletableFuture<Void> first =
          CompletableFuture.runAsync(() -> send("c1", List.of(ZHANGSAN)));
      assertThat(inFirst.await(5, TimeUnit.SECONDS)).isTrue();

      sandbox.platform().sendText("cmd-2", "你好", List.of(LISI)).block(Duration.ofSeconds(5));
      release.countDown();
      first.get(5, TimeUnit.SECONDS);

      assertThat(seen).containsExactly("zhangsan", "lisi");
    } finally {
      release.countDown();
      watching.dispose();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void a_rejected_delivery_notices_nothing() {
    Address wecom = Address.parse("wecom:QianLiu");
    StepVerifier.create(sandbox.inboxChanges().take(1))
        .then(
            () ->
                StepVerifier.create(
                        sandbox.platform().sendCard("cmd-1", offer("c1", 1), List.of(LISI, wecom)))
                    .expectError(IllegalArgumentException.class)
                    .verify(Duration.ofSeconds(5)))
        // The next notice is the later, good delivery's: the rejected one put nothing anywhere.
        .then(() -> send("c2", List.of(ZHANGSAN)))
        .expectNext("zhangsan")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void users_are_the_sandbox_reps_and_managers_with_their_team() {
    assertThat(sandbox.users())
        .extracting(SandboxAdapterConfiguration.User::userId)
        .containsExactly("zhangsan", "lisi", "wangjingli", "zhouwu", "zhaozong");
    assertThat(sandbox.users().get(0))
        .isEqualTo(new SandboxAdapterConfiguration.User("zhangsan", "张三", "east", "华东一组", "rep"));
    assertThat(sandbox.users().get(2).role()).isEqualTo("manager");
  }

  private void send(String cardId, List<Address> to) {
    sandbox.platform().sendCard("cmd-" + cardId, offer(cardId, 1), to).block();
  }
}
