package io.salesbot.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.platform.CardReferences.CardReference;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresCardReferencesTest extends DatabaseTest {
  private final CardReferences references = adapter.cardReferences();
  private final Address zhang = new Address("wecom", "ZhangSan");
  private final Address li = new Address("wecom", "LiSi");
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private final String cardId = "lead-" + UUID.randomUUID();

  @Test
  void the_newest_reference_replaces_the_older_one() {
    references
        .save(new CardReference("wecom", cardId, zhang, "code-send", now.plusSeconds(60)))
        .block();
    references
        .save(new CardReference("wecom", cardId, zhang, "code-click", now.plusSeconds(90)))
        .block();

    CardReference found = references.find("wecom", cardId, zhang, now).block();
    assertThat(found)
        .isEqualTo(new CardReference("wecom", cardId, zhang, "code-click", now.plusSeconds(90)));
    assertThat(references.find("wecom", cardId, li, now).block()).isNull();
    assertThat(references.find("dingtalk", cardId, zhang, now).block()).isNull();
  }

  @Test
  void an_expired_reference_is_not_found() {
    references.save(new CardReference("wecom", cardId, zhang, "old", now.plusSeconds(5))).block();

    assertThat(references.find("wecom", cardId, zhang, now.plusSeconds(6)).block()).isNull();
  }

  @Test
  void remove_keeps_a_newer_reference() {
    CardReference old = new CardReference("wecom", cardId, zhang, "old", now.plusSeconds(60));
    references.save(old).block();
    references.save(new CardReference("wecom", cardId, zhang, "new", now.plusSeconds(60))).block();

    references.remove(old).block();
    assertThat(references.find("wecom", cardId, zhang, now).block().reference()).isEqualTo("new");

    references.remove(references.find("wecom", cardId, zhang, now).block()).block();
    assertThat(references.find("wecom", cardId, zhang, now).block()).isNull();
  }

  @Test
  void a_code_held_by_many_is_consumed_once_for_all_of_them() {
    references
        .save(new CardReference("wecom", cardId, zhang, "code-x", now.plusSeconds(60)))
        .block();
    references.save(new CardReference("wecom", cardId, li, "code-x", now.plusSeconds(60))).block();
    references
        .save(new CardReference("dingtalk", cardId, li, "code-x", now.plusSeconds(60)))
        .block();

    assertThat(references.consume("wecom", "code-x").block()).isTrue();
    assertThat(references.consume("wecom", "code-x").block()).isFalse();
    assertThat(references.find("wecom", cardId, zhang, now).block()).isNull();
    assertThat(references.find("wecom", cardId, li, now).block()).isNull();
    assertThat(references.find("dingtalk", cardId, li, now).block()).isNotNull();
  }
}
