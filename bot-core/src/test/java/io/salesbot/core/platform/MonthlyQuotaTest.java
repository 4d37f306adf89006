package io.salesbot.core.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.testing.EchoMessages;
import io.salesbot.core.testing.InMemoryOnce;
import io.salesbot.core.testing.InMemoryQuotas;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.RecordingOutbox;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class MonthlyQuotaTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** 2026-05-10 10:00 in Shanghai. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-10T02:00:00Z"));

  private final InMemoryQuotas quotas = new InMemoryQuotas(clock);
  private final InMemoryOnce once = new InMemoryOnce(clock);
  private final List<MonthlyQuota.Use> alarms = new ArrayList<>();
  private final QuotaAlarm alarm = use -> Mono.fromRunnable(() -> alarms.add(use));
  private final List<String> warnings = new ArrayList<>();
  private final Logger log = Logger.getLogger(MonthlyQuota.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
            synchronized (warnings) {
              warnings.add(r.getMessage());
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    log.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    log.removeHandler(capture);
  }

  private MonthlyQuota quota(long perMonth) {
    return new MonthlyQuota(
        new MonthlyQuota.Limit("dingtalk", "api", perMonth, SHANGHAI), quotas, once, alarm, clock);
  }

  private static void count(MonthlyQuota q, int n) {
    for (int i = 0; i < n; i++) {
      q.counted().block();
    }
  }

  @Test
  void calls_wait_once_the_months_count_reaches_the_limit_and_go_again_next_month() {
    MonthlyQuota q = quota(3);
    count(q, 2);
    assertThat(q.waitFor().blockOptional()).isEmpty();

    count(q, 1);
    assertThat(q.waitFor().blockOptional()).contains(MonthlyQuota.RECHECK);
    assertThat(q.use().block())
        .isEqualTo(new MonthlyQuota.Use("dingtalk", "api", YearMonth.of(2026, 5), 3, 3));

    // 2026-06-01 00:00 in Shanghai is still May 31st in UTC: the month is the organisation's.
    clock.advance(Duration.between(clock.instant(), Instant.parse("2026-05-31T16:00:00Z")));
    assertThat(q.waitFor().blockOptional()).isEmpty();
    assertThat(q.use().block().month()).isEqualTo(YearMonth.of(2026, 6));
    assertThat(q.use().block().used()).isZero();
  }

  @Test
  void a_wait_ends_with_the_month_when_that_comes_before_the_hourly_recheck() {
    MonthlyQuota q = quota(1);
    count(q, 1);
    // 2026-05-31 23:30 in Shanghai.
    clock.advance(Duration.between(clock.instant(), Instant.parse("2026-05-31T15:30:00Z")));
    assertThat(q.waitFor().blockOptional()).contains(Duration.ofMinutes(30));
  }

  @Test
  void the_platforms_answer_that_the_quota_is_gone_makes_calls_wait_an_hour_then_try_again() {
    MonthlyQuota q = quota(5000);
    count(q, 10);

    assertThat(q.spent().block()).isEqualTo(MonthlyQuota.RECHECK);
    assertThat(q.waitFor().blockOptional()).contains(MonthlyQuota.RECHECK);
    clock.advance(Duration.ofMinutes(59));
    assertThat(q.waitFor().blockOptional()).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(q.waitFor().blockOptional()).isEmpty();
    // The organisation's other apps spend the same quota: the alarm goes off below our limit.
    assertThat(alarms)
        .containsExactly(new MonthlyQuota.Use("dingtalk", "api", YearMonth.of(2026, 5), 10, 5000));
  }

  @Test
  void warns_at_80_and_95_percent_and_raises_the_alarm_at_100_once_a_month_for_all_instances() {
    MonthlyQuota one = quota(20);
    MonthlyQuota two = quota(20);
    count(one, 15);
    assertThat(warnings).isEmpty();
    count(two, 1); // 16 = 80 %
    count(one, 2);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("dingtalk", "api", "80 %", "2026-05", "16 of 20");

    count(one, 1); // 19 = 95 %
    count(two, 1); // 20 = 100 %
    count(one, 3);
    count(two, 3);
    one.spent().block();
    two.spent().block();

    assertThat(warnings).hasSize(3);
    assertThat(warnings.get(1)).contains("95 %", "19 of 20");
    assertThat(warnings.get(2)).contains("used up", "2026-05");
    assertThat(alarms).hasSize(1);
    assertThat(alarms.get(0).used()).isGreaterThanOrEqualTo(20);

    // A new month warns again.
    clock.advance(Duration.ofDays(31));
    count(two, 16);
    assertThat(warnings).hasSize(4);
  }

  @Test
  void without_a_limit_calls_are_counted_and_never_wait() {
    MonthlyQuota q = quota(0);
    count(q, 50);
    assertThat(q.waitFor().blockOptional()).isEmpty();
    assertThat(q.lastKnownUse()).isEqualTo(50);
    assertThat(warnings).isEmpty();
    assertThat(alarms).isEmpty();
  }

  @Test
  void the_alarm_tells_every_manager_once_on_their_own_platform() {
    RecordingOutbox outbox = new RecordingOutbox();
    Address dingManager = Address.parse("dingtalk:boss1");
    Address wecomManager = Address.parse("wecom:boss2");
    QuotaAlarm tell =
        QuotaAlarm.tellManagers(
            () -> List.of(dingManager, wecomManager, dingManager), outbox, new EchoMessages());
    MonthlyQuota.Use use =
        new MonthlyQuota.Use("dingtalk", "api", YearMonth.of(2026, 5), 5000, 5000);

    tell.spent(use).block();

    List<SendText> texts = outbox.commands(SendText.class);
    assertThat(texts)
        .extracting(SendText::commandId, SendText::recipients)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "quota-dingtalk-api-2026-05-dingtalk", List.of(dingManager)),
            org.assertj.core.groups.Tuple.tuple(
                "quota-dingtalk-api-2026-05-wecom", List.of(wecomManager)));
    assertThat(texts.get(0).text()).isEqualTo("notice.quota.dingtalk.api(5000,5000,2026-05)");
  }
}
