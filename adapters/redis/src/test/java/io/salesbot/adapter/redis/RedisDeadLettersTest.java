package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.platform.DeadLetters;
import io.salesbot.core.platform.domain.DeadLetter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RedisDeadLettersTest extends RedisTestBase {

  private static String park(String stream, String eventId, String error) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("eventId", eventId);
    fields.put("type", "text");
    fields.put("_stream", stream);
    fields.put("_entryId", "1-0");
    fields.put("_error", error);
    fields.put("_attempts", "5");
    fields.put("_failedAt", "2025-03-01T08:00:00Z");
    return redis.xadd("salesbot:dead", fields);
  }

  @Test
  void listsNewestFirstWithinTheLimitWithoutTheMetadataFields() {
    DeadLetters deadLetters = adapter("a").deadLetters();
    park("salesbot:in:hot", "e-1", "boom 1");
    park("salesbot:in:hot", "e-2", "boom 2");
    String newest = park("salesbot:out:wecom", "e-3", "boom 3");

    List<DeadLetter> listed = deadLetters.list(2).collectList().block();

    assertThat(listed).extracting(DeadLetter::error).containsExactly("boom 3", "boom 2");
    DeadLetter first = listed.get(0);
    assertThat(first.id()).isEqualTo(newest);
    assertThat(first.stream()).isEqualTo("salesbot:out:wecom");
    assertThat(first.fields()).isEqualTo(Map.of("eventId", "e-3", "type", "text"));
    assertThat(first.attempts()).isEqualTo(5);
    assertThat(first.failedAt()).isEqualTo(Instant.parse("2025-03-01T08:00:00Z"));
    StepVerifier.create(deadLetters.list(0)).verifyComplete();
  }

  @Test
  void replayPutsTheOriginalFieldsBackOnTheirStreamAndRemovesTheDeadLetter() {
    DeadLetters deadLetters = adapter("a").deadLetters();
    String id = park("salesbot:in:normal", "e-1", "boom");

    StepVerifier.create(deadLetters.replay(id)).expectNext(true).verifyComplete();

    assertThat(redis.xlen("salesbot:dead")).isZero();
    assertThat(redis.xrange("salesbot:in:normal", io.lettuce.core.Range.create("-", "+")))
        .singleElement()
        .satisfies(
            m -> assertThat(m.getBody()).isEqualTo(Map.of("eventId", "e-1", "type", "text")));
  }

  @Test
  void replayOfAnUnknownOrMalformedIdIsFalse() {
    DeadLetters deadLetters = adapter("a").deadLetters();
    park("salesbot:in:hot", "e-1", "boom");

    StepVerifier.create(deadLetters.replay("1-1")).expectNext(false).verifyComplete();
    StepVerifier.create(deadLetters.replay("not-an-id")).expectNext(false).verifyComplete();
    assertThat(redis.xlen("salesbot:dead")).isEqualTo(1);
  }

  @Test
  void replayRefusesStreamsThatAreNotOurs() {
    DeadLetters deadLetters = adapter("a").deadLetters();
    String id = park("someone:else", "e-1", "boom");

    StepVerifier.create(deadLetters.replay(id)).expectError(IllegalStateException.class).verify();
    assertThat(redis.xlen("salesbot:dead")).isEqualTo(1);
  }

  private static void parkAt(String id, String stream, String eventId) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("eventId", eventId);
    fields.put("type", "text");
    fields.put("_stream", stream);
    fields.put("_error", "PostgreSQL down");
    redis.xadd("salesbot:dead", new io.lettuce.core.XAddArgs().id(id), fields);
  }

  @Test
  void replayAllReplaysTheDeadLettersOfOneStreamWithinTheTimeRangeAcrossPages() {
    DeadLetters deadLetters = adapter("a").deadLetters();
    parkAt("500-0", "salesbot:in:normal", "too-early");
    parkAt("1000-0", "salesbot:in:normal", "first");
    for (int i = 0; i < 150; i++) {
      parkAt("1500-" + i, "salesbot:in:normal", "bulk-" + i);
    }
    parkAt("2000-0", "salesbot:in:hot", "other-stream");
    parkAt("2999-7", "salesbot:in:normal", "last");
    parkAt("3000-0", "salesbot:in:normal", "too-late");

    StepVerifier.create(
            deadLetters.replayAll(
                "salesbot:in:normal", Instant.ofEpochMilli(1000), Instant.ofEpochMilli(3000), 1000))
        .expectNext(152)
        .verifyComplete();

    List<String> replayed =
        redis.xrange("salesbot:in:normal", io.lettuce.core.Range.create("-", "+")).stream()
            .map(m -> m.getBody().get("eventId"))
            .toList();
    assertThat(replayed).hasSize(152).startsWith("first", "bulk-0").endsWith("bulk-149", "last");
    assertThat(
            redis.xrange("salesbot:dead", io.lettuce.core.Range.create("-", "+")).stream()
                .map(m -> m.getBody().get("eventId")))
        .containsExactly("too-early", "other-stream", "too-late");
  }

  @Test
  void replayAllStopsAtTheLimitAndRefusesStreamsThatAreNotOurs() {
    DeadLetters deadLetters = adapter("a").deadLetters();
    for (int i = 0; i < 5; i++) {
      parkAt("1000-" + i, "salesbot:in:hot", "e-" + i);
    }
    StepVerifier.create(
            deadLetters.replayAll("salesbot:in:hot", Instant.EPOCH, Instant.ofEpochMilli(5000), 2))
        .expectNext(2)
        .verifyComplete();
    assertThat(redis.xlen("salesbot:dead")).isEqualTo(3);
    StepVerifier.create(
            deadLetters.replayAll("someone:else", Instant.EPOCH, Instant.ofEpochMilli(5000), 10))
        .expectNext(0)
        .verifyComplete();
  }
}
