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
}
