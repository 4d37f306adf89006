package io.salesbot.adapter.sandbox;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** Shared test data: two teams, cards, a clock that moves on demand and a recording queue. */
final class Fixtures {
  static final Address ZHANGSAN = Address.parse("sandbox:zhangsan");
  static final Address LISI = Address.parse("sandbox:lisi");
  static final Address WANG = Address.parse("sandbox:wangjingli");
  static final Address ZHOUWU = Address.parse("sandbox:zhouwu");
  static final Address ZHAO = Address.parse("sandbox:zhaozong");
  static final Address QIAN_WECOM = Address.parse("wecom:QianLiu");

  private Fixtures() {}

  static StaticTeamDirectory directory() {
    Team east =
        new Team(
            "east",
            "华东一组",
            List.of("华东", "上海"),
            WANG,
            "王经理",
            List.of(new Member(ZHANGSAN, "张三"), new Member(LISI, "李四")));
    Team north =
        new Team(
            "north",
            "华北组",
            List.of("华北"),
            ZHAO,
            "赵总",
            List.of(new Member(ZHOUWU, "周五"), new Member(QIAN_WECOM, "钱六")));
    return new StaticTeamDirectory(List.of(east, north), "east");
  }

  static Card offer(String cardId, int version) {
    return new Card(
        cardId,
        version,
        CardType.LEAD_OFFER,
        "新线索 v" + version,
        List.of(
            new CardElement.Text("有客户咨询"),
            new CardElement.Field("地区", "华东"),
            new CardElement.Note("来源：官网")),
        List.of(
            new CardButton("claim", "领取", "lead-" + cardId, CardButton.Style.PRIMARY),
            new CardButton("decline", "不要", "lead-" + cardId, CardButton.Style.DANGER)));
  }

  static Card claimed(String cardId, int version) {
    return new Card(
        cardId,
        version,
        CardType.LEAD_CLAIMED_BY_OTHER,
        "已被领取",
        List.of(new CardElement.Text("张三 已领取")),
        List.of());
  }

  /** A clock standing still until moved. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2025-03-01T01:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Records what was enqueued; can be told to fail like an unreachable Redis. */
  static final class RecordingQueue implements InboundQueue {
    final List<InboundEvent> events = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public Mono<Boolean> enqueue(InboundEvent event) {
      if (failing) {
        return Mono.error(new IllegalStateException("redis is down"));
      }
      return Mono.fromCallable(() -> events.add(event));
    }
  }
}
