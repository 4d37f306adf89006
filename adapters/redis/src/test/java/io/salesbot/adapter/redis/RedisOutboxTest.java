package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.platform.domain.DeadLetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class RedisOutboxTest extends RedisTestBase {

  @Test
  void commandsGoToTheirPlatformsStreamWithTypeIdAndJson() {
    RedisAdapter adapter = adapter("a");

    Flux.fromIterable(OutboundCommandJsonTest.commands())
        .concatMap(adapter.outbox()::emit)
        .blockLast();

    for (String platform : List.of("wecom", "sandbox", "dingtalk")) {
      assertThat(redis.xlen("salesbot:out:" + platform))
          .as(platform)
          .isEqualTo(
              OutboundCommandJsonTest.commands().stream()
                  .filter(c -> c.platform().equals(platform))
                  .count())
          .isPositive();
    }
    StreamMessage<String, String> first =
        redis.xrange("salesbot:out:wecom", Range.create("-", "+")).get(0);
    assertThat(first.getBody())
        .containsEntry("type", "deliver-card")
        .containsEntry("commandId", "cmd-1")
        .containsKey("json")
        .hasSize(3);
  }

  @Test
  void anOutboundWorkerHandsOverEveryCommandOfItsPlatform() {
    RedisAdapter adapter = adapter("a");
    List<OutboundCommand> wecom =
        OutboundCommandJsonTest.commands().stream()
            .filter(c -> c.platform().equals("wecom"))
            .toList();
    Flux.fromIterable(OutboundCommandJsonTest.commands())
        .concatMap(adapter.outbox()::emit)
        .blockLast();
    List<OutboundCommand> sent = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker =
        adapter.outboundWorker("wecom", c -> Mono.fromRunnable(() -> sent.add(c)));

    worker.start();

    eventually("all sent", () -> sent.size() == wecom.size());
    assertThat(sent).containsExactlyInAnyOrderElementsOf(wecom);
    eventually(
        "acknowledged",
        () -> pending("salesbot:out:wecom") == 0 && redis.xlen("salesbot:out:wecom") == 0);
    assertThat(redis.xlen("salesbot:out:sandbox")).isEqualTo(1); // not this worker's platform
  }

  @Test
  void unreadableJsonIsDeadLetteredAndTheWorkerGoesOn() {
    RedisAdapter adapter = adapter("a");
    redis.xadd(
        "salesbot:out:sandbox",
        Map.of("type", "deliver-card", "commandId", "bad-1", "json", "{\"v\":1,\"type\":"));
    redis.xadd("salesbot:out:sandbox", Map.of("type", "deliver-card", "commandId", "bad-2"));
    OutboundCommand good = OutboundCommandJsonTest.commands().get(3);
    adapter.outbox().emit(good).block();
    List<OutboundCommand> sent = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker =
        adapter.outboundWorker("sandbox", c -> Mono.fromRunnable(() -> sent.add(c)));

    worker.start();

    eventually("the good one is sent", () -> sent.size() == 1);
    assertThat(sent).containsExactly(good);
    eventually(
        "both bad ones dead-lettered",
        () -> adapter.deadLetters().list(10).collectList().block().size() == 2);
    List<DeadLetter> dead = adapter.deadLetters().list(10).collectList().block();
    Map<String, String> errors = new java.util.HashMap<>();
    dead.forEach(d -> errors.put(d.fields().get("commandId"), d.error()));
    assertThat(errors).containsOnlyKeys("bad-1", "bad-2");
    assertThat(errors.get("bad-1")).contains("unreadable outbound command");
    assertThat(errors.get("bad-2")).contains("no 'json' field");
    assertThat(dead).allSatisfy(d -> assertThat(d.stream()).isEqualTo("salesbot:out:sandbox"));
    eventually(
        "nothing left",
        () -> pending("salesbot:out:sandbox") == 0 && redis.xlen("salesbot:out:sandbox") == 0);
  }
}
