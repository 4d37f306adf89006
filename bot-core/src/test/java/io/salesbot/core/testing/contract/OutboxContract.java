package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0_MILLIS;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link Outbox} that delivering relies on: commands queue per platform in order,
 * are never dropped as duplicates (the deliveries record keeps a redelivery from reaching anyone
 * twice), and commands put aside wait with their not-before, those in line one spacing apart. Times
 * have millisecond precision.
 */
public abstract class OutboxContract {
  /** A command put aside until {@code notBefore}. */
  public record Waiting(OutboundCommand command, Instant notBefore) {}

  private static final Address DINGTALK_LISI = Address.parse("dingtalk:lisi");

  private final MutableClock clock = new MutableClock(T0_MILLIS);

  /** An empty outbox keeping time by {@code clock}; called once per test. */
  protected abstract Outbox outbox(Clock clock);

  /** The commands queued to be sent on {@code platform}, in order. */
  protected abstract List<OutboundCommand> sending(String platform);

  /** The commands put aside for {@code platform}, in the order they will come back. */
  protected abstract List<Waiting> waiting(String platform);

  private Outbox outbox;

  private synchronized Outbox store() {
    if (outbox == null) {
      outbox = outbox(clock);
    }
    return outbox;
  }

  private static SendText text(String id, Address... to) {
    return new SendText(id, "text of " + id, List.of(to));
  }

  @Test
  public void emitted_commands_queue_per_platform_in_order_and_duplicates_are_kept() {
    SendText c1 = text("c1", LISI);
    SendText c2 = text("c2", WANGWU, LISI);
    SendText other = text("c3", DINGTALK_LISI);
    for (SendText c : List.of(c1, other, c2, c1)) {
      store().emit(c).block();
    }

    assertThat(sending("sandbox")).containsExactly(c1, c2, c1);
    assertThat(sending("dingtalk")).containsExactly(other);
    assertThat(waiting("sandbox")).isEmpty();
  }

  @Test
  public void emit_all_queues_the_commands_as_one_emit_after_the_other() {
    SendText before = text("c0", WANGWU);
    SendText c1 = text("c1", LISI);
    SendText c2 = text("c2", WANGWU, LISI);
    SendText other = text("c3", DINGTALK_LISI);
    store().emit(before).block();

    store().emitAll(List.of(c1, other, c2, c1)).block();
    store().emitAll(List.of()).block();

    assertThat(sending("sandbox")).containsExactly(before, c1, c2, c1);
    assertThat(sending("dingtalk")).containsExactly(other);
  }

  @Test
  public void deferred_commands_wait_earliest_first_and_the_oldest_first_among_equals() {
    Instant soon = T0_MILLIS.plusSeconds(5);
    SendText late = text("late", LISI);
    SendText first = text("first", WANGWU);
    SendText second = text("second", LISI);
    store().defer(late, T0_MILLIS.plusSeconds(60)).block();
    store().defer(first, soon).block();
    clock.advance(Duration.ofMillis(3));
    store().defer(second, soon).block();

    assertThat(waiting("sandbox"))
        .containsExactly(
            new Waiting(first, soon),
            new Waiting(second, soon),
            new Waiting(late, T0_MILLIS.plusSeconds(60)));
    assertThat(sending("sandbox")).isEmpty();
  }

  @Test
  public void commands_in_line_for_the_same_recipients_wait_one_spacing_apart() {
    Duration spacing = Duration.ofSeconds(3);
    Instant nb = T0_MILLIS.plusSeconds(2);
    SendText a = text("a", LISI, WANGWU);
    SendText b = text("b", WANGWU, LISI);
    SendText c = text("c", LISI, WANGWU);
    SendText alone = text("alone", LISI);
    SendText later = text("later", LISI, WANGWU);
    store().deferInLine(a, nb, spacing).block();
    store().deferInLine(b, nb, spacing).block();
    store().deferInLine(alone, nb, spacing).block();
    store().deferInLine(c, nb, spacing).block();
    // Asked for after the end of the line: its own not-before counts.
    store().deferInLine(later, nb.plusSeconds(60), spacing).block();

    assertThat(waiting("sandbox"))
        .containsExactly(
            new Waiting(a, nb),
            new Waiting(alone, nb),
            new Waiting(b, nb.plus(spacing)),
            new Waiting(c, nb.plus(spacing).plus(spacing)),
            new Waiting(later, nb.plusSeconds(60)));
  }

  @Test
  public void nothing_changes_until_subscribed() {
    store().emit(text("c1", LISI));
    store().defer(text("c2", LISI), T0_MILLIS);
    store().deferInLine(text("c3", LISI), T0_MILLIS, Duration.ofMinutes(1));
    SendText c4 = text("c4", LISI);
    store().deferInLine(c4, T0_MILLIS, Duration.ofMinutes(1)).block();

    assertThat(sending("sandbox")).isEmpty();
    assertThat(waiting("sandbox")).containsExactly(new Waiting(c4, T0_MILLIS));
  }
}
